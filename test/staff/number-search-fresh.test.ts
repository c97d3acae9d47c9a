// The number-search index is filled off the webhook path (drizzle/sqlite/0011): the search
// indexes what arrived since it last ran. Through the public interface only: calls walked by the
// simulator with real signatures, then the staff /calls page searched by number.
import { beforeAll, describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app.ts';
import { walkCall } from '../helpers/sim.ts';
import { createStaff, signIn } from '../helpers/staff.ts';

const rowsOf = (html: string) => (html.match(/<tr><td><a href="\/calls\/\d+"/g) ?? []).length;

describe('number search on calls that just arrived', () => {
  const env = makeApp();
  let s: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    await createStaff(env.store);
    s = await signIn(env.app);
  });

  it('finds each call by its number as soon as its webhooks were answered, before and after earlier searches', async () => {
    // Before any call: nothing to find (and the index has caught up with nothing).
    expect(rowsOf(await (await s.get('/calls?from=5551234')).text())).toBe(0);
    // Consent given (1), order 4711 confirmed (1), then goodbye (9): the full number is kept.
    const first = await walkCall(env.app, env.config, '+4915155512345', ['1', '4711#', '1', '9']);
    const one = await (await s.get('/calls?from=5551234')).text();
    expect(rowsOf(one)).toBe(1);
    expect(one).toContain(`href="/calls/${(await env.store.getCallBySid(first.callSid))!.id}"`);
    // A second caller after that search is found too, and the first one still is.
    const second = await walkCall(env.app, env.config, '+4915166612345', ['1', '4712#', '1', '9']);
    expect(rowsOf(await (await s.get('/calls?from=6661234')).text())).toBe(1);
    expect(await (await s.get('/calls?from=6661234')).text()).toContain(`href="/calls/${(await env.store.getCallBySid(second.callSid))!.id}"`);
    expect(rowsOf(await (await s.get('/calls?from=12345')).text())).toBe(2);
  });
});
