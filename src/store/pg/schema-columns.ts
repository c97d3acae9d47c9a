// Column helpers shared by the PostgreSQL schema's files.
import { integer, timestamp } from 'drizzle-orm/pg-core';

export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });
export const id = () => integer('id').primaryKey().generatedByDefaultAsIdentity();
