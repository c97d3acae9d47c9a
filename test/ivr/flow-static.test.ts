import { describe, expect, it } from 'vitest';
import de from '../../locales/de/ivr.json' with { type: 'json' };
import en from '../../locales/en/ivr.json' with { type: 'json' };
import { FLOW, flowPromptKeys, type Transition } from '../../src/ivr/flow.ts';
import type { NodeId } from '../../src/ivr/types.ts';

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

  it('has every prompt key in both locales, as a non-empty sentence', () => {
    const keys = flowPromptKeys();
    expect(keys.length).toBeGreaterThan(30);
    for (const key of keys) {
      expect(lookup(de, key), `de: ${key}`).toMatch(/\S/);
      expect(lookup(en, key), `en: ${key}`).toMatch(/\S/);
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
