import { describe, expect, it } from 'vitest';
import { IVR_PROMPTS } from '../../src/i18n/index.ts';
import { FLOW, flowPromptKeys, type Transition } from '../../src/ivr/flow.ts';
import type { NodeId } from '../../src/ivr/types.ts';
import { LANGS } from '../../src/domain/index.ts';

const lookup = (obj: unknown, key: string) => key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);

function targets(t: Transition): NodeId[] {
  if (t.kind === 'goto') return [t.to];
  if (t.kind === 'action') return t.action === 'repeat_status' ? ['help', 'order'] : ['help'];
  return [];
}

describe('the flow table', () => {
  const ids = Object.keys(FLOW) as NodeId[];

  it('names each node by its key, and every target exists', () => {
    for (const id of ids) {
      const node = FLOW[id];
      expect(node.id).toBe(id);
      const all = [node.exhausted, ...(node.input.kind === 'choice' ? node.input.choices.map((c) => c.go) : [])];
      if (node.input.kind === 'number') expect(ids).toContain(node.input.valid.to);
      for (const t of all) for (const to of targets(t)) expect(ids).toContain(to);
    }
  });

  it('reaches every node from the consent question', () => {
    const seen = new Set<NodeId>(['consent']);
    const queue: NodeId[] = ['consent'];
    while (queue.length) {
      const node = FLOW[queue.shift()!];
      const next = [...targets(node.exhausted)];
      if (node.input.kind === 'number') next.push(node.input.valid.to);
      else node.input.choices.forEach((c) => next.push(...targets(c.go)));
      for (const n of next) if (!seen.has(n)) (seen.add(n), queue.push(n));
    }
    expect([...seen].sort()).toEqual([...ids].sort());
  });

  it('has every prompt key in de, en-GB and en-US, as a non-empty sentence', () => {
    const keys = flowPromptKeys();
    expect(keys.length).toBeGreaterThan(30);
    for (const lang of LANGS) for (const key of keys) expect(lookup(IVR_PROMPTS[lang], key), `${lang}: ${key}`).toMatch(/\S/);
  });

  it('has no prompt a flow never says (a stale key is a translation nobody hears)', () => {
    const keys = new Set(flowPromptKeys());
    const leaves = (o: unknown, path: string[] = []): string[] =>
      typeof o === 'string' ? [path.join('.')] : Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => leaves(v, [...path, k]));
    for (const lang of LANGS) for (const key of leaves(IVR_PROMPTS[lang])) expect(keys.has(key), `${lang}: ${key} is never said`).toBe(true);
  });

  it('speaks of the hash key to British callers and the pound key to American ones, never the other', () => {
    const all = (lang: (typeof LANGS)[number]) => flowPromptKeys().map((k) => String(lookup(IVR_PROMPTS[lang], k))).join(' ');
    expect(all('en-GB')).toMatch(/\bhash key\b/);
    expect(all('en-GB')).not.toMatch(/\bpound\b/);
    expect(all('en-US')).toMatch(/\bpound key\b/);
    expect(all('en-US')).not.toMatch(/\bhash\b/);
    expect(all('de-DE')).toMatch(/Rautetaste/);
  });

  const READS_NUMBER = ['status.noted', 'order.not_found'];
  // A callback introduces Liza and the company itself; two of its sentences read the order number.
  const CALLBACK_INTRO = ['outbound.greeting', 'outbound.machine', 'outbound.greeting_no_order', 'outbound.machine_no_order'];

  it('asks for the company name only through {{company}} in the greeting, and reads the number only where it should', () => {
    for (const lang of LANGS) {
      expect(lookup(IVR_PROMPTS[lang], 'greeting'), lang).toContain('{{company}}');
      // The sentences that read the number back have {{number}} where it is read, and only those.
      for (const k of READS_NUMBER) expect(String(lookup(IVR_PROMPTS[lang], k)), `${lang} ${k}`).toMatch(/^[^{]*\{\{number\}\}[^{]*$/);
      for (const k of CALLBACK_INTRO) {
        expect(String(lookup(IVR_PROMPTS[lang], k)), `${lang} ${k}`).toContain('{{company}}');
        expect(String(lookup(IVR_PROMPTS[lang], k)).includes('{{number}}'), `${lang} ${k}`).toBe(!k.endsWith('_no_order'));
      }
      const rest = flowPromptKeys().filter((k) => k !== 'greeting' && !READS_NUMBER.includes(k) && !CALLBACK_INTRO.includes(k)).map((k) => String(lookup(IVR_PROMPTS[lang], k)));
      expect(rest.join(' '), lang).not.toMatch(/\{\{/);
    }
  });

  it('keeps the menu keys unique within each node', () => {
    for (const node of Object.values(FLOW)) {
      if (node.input.kind !== 'choice') continue;
      const keys = node.input.choices.map((c) => c.key);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
