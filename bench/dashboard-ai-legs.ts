// AI legs for the bench's seeded calls: scripts/seed.ts writes none, so the dashboard's AI usage
// (store.aiUsageByDay, a group-by over the month's legs) would be timed over an empty table. This
// gives a seeded share of the consented, finished calls one leg each, starting 30 s into the call,
// with token counts of a few minutes' conversation, inserted in the order they started (as the worker
// writes them, so the month's legs sit together in the table). SQLite only; bench/dashboard-pg-load.ts copies them on.
import type Database from 'better-sqlite3';
import { prng } from '../scripts/seed.ts';

/** Adds the legs when the table has none; how many it added. */
export function seedAiLegs(raw: Database.Database, share: number, seed = 7): number {
  if ((raw.prepare('select count(*) from ai_legs').pluck().get() as number) > 0) return 0;
  // The seeder's generator: the same legs every time.
  const rnd = prng(seed);
  const calls = raw.prepare(`select c.id, c.started_at, c.ended_at from calls c join consents k on k.call_id = c.id and k.given where c.ended_at is not null order by c.started_at, c.id`).raw().all() as Array<[number, number, number]>;
  const ins = raw.prepare(`insert into ai_legs (call_id, stream_sid, started_at, ended_at, end_reason, input_text_tokens, input_audio_tokens, input_cached_tokens, output_text_tokens, output_audio_tokens, turns)
    values (?, ?, ?, ?, 'end_call', ?, ?, ?, ?, ?, ?)`);
  let n = 0;
  raw.transaction(() => {
    for (const [id, start, end] of calls) {
      if (rnd() >= share) continue;
      const turns = 1 + Math.floor(rnd() * 12);
      ins.run(id, `MZ${id.toString(16).padStart(32, '0')}`, start + 30_000, Math.max(start + 31_000, end), turns * 300, turns * 900, turns * 200, turns * 60, turns * 1500, turns);
      n++;
    }
  })();
  raw.exec('analyze ai_legs');
  return n;
}
