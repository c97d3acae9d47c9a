// Column helpers shared by the SQLite schema's files. Times are integer milliseconds (timestamp_ms).
import { sql } from 'drizzle-orm';
import { integer } from 'drizzle-orm/sqlite-core';

export const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;
export const ts = (name: string) => integer(name, { mode: 'timestamp_ms' });
