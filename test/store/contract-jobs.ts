import { describe, expect, it } from 'vitest';
import type { Ctx } from './contract.ts';
import { at } from './fixtures.ts';

const LEASE = 30_000;

export function jobsContract(store: Ctx): void {
  const claim = (workerId: string, now: Date, kinds?: string[]) => store().claimJob({ workerId, leaseMs: LEASE, now, kinds });

  describe('jobs: enqueue and claim', () => {
    it('enqueues with defaults; the same dedupe key keeps one job', async () => {
      const j = await store().enqueueJob({ kind: 'transcribe', payload: { recordingId: 7, nested: { a: [1, 'x'] } }, dedupeKey: 'transcribe:RE7' });
      expect(j).toMatchObject({ kind: 'transcribe', status: 'queued', attempts: 0, maxAttempts: 5, leaseUntil: null, leasedBy: null, lastError: null });
      expect(j.payload).toEqual({ recordingId: 7, nested: { a: [1, 'x'] } });
      const again = await store().enqueueJob({ kind: 'transcribe', payload: { other: true }, dedupeKey: 'transcribe:RE7' });
      expect(again).toEqual(j);
      const noKey1 = await store().enqueueJob({ kind: 'retention', payload: {} });
      const noKey2 = await store().enqueueJob({ kind: 'retention', payload: {} });
      expect(noKey1.id).not.toBe(noKey2.id);
      expect(await store().getJob(j.id)).toEqual(j);
      expect(await store().getJob(999999)).toBeNull();
    });

    it('claims nothing from an empty queue or before a job is due', async () => {
      expect(await claim('w1', at(0))).toBeNull();
      await store().enqueueJob({ kind: 'k', payload: {}, runAt: at(100) });
      expect(await claim('w1', at(99))).toBeNull();
      expect(await claim('w1', at(100))).toMatchObject({ status: 'running' });
    });

    it('claims the oldest due job first, marks it running under a lease and counts the attempt', async () => {
      const late = await store().enqueueJob({ kind: 'k', payload: { n: 2 }, runAt: at(20) });
      const early = await store().enqueueJob({ kind: 'k', payload: { n: 1 }, runAt: at(10), maxAttempts: 3 });
      const c = await claim('w1', at(30));
      expect(c).toMatchObject({ id: early.id, status: 'running', leasedBy: 'w1', attempts: 1, maxAttempts: 3 });
      expect(c!.leaseUntil).toEqual(new Date(at(30).getTime() + LEASE));
      expect((await claim('w2', at(30)))!.id).toBe(late.id);
      expect(await claim('w3', at(30))).toBeNull();
    });

    it('filters by kind', async () => {
      await store().enqueueJob({ kind: 'a', payload: {}, runAt: at(0) });
      const b = await store().enqueueJob({ kind: 'b', payload: {}, runAt: at(1) });
      expect((await claim('w1', at(5), ['b']))!.id).toBe(b.id);
      expect(await claim('w1', at(5), ['b', 'c'])).toBeNull();
    });

    it('concurrent claims never hand one job to two workers', async () => {
      for (let i = 0; i < 6; i++) await store().enqueueJob({ kind: 'k', payload: { i }, runAt: at(0) });
      const claims = await Promise.all(Array.from({ length: 12 }, (_, i) => claim(`w${i}`, at(1))));
      const got = claims.filter((c) => c !== null);
      expect(got).toHaveLength(6);
      expect(new Set(got.map((c) => c!.id)).size).toBe(6);
    });
  });

  describe('jobs: leases', () => {
    it('the holder renews its lease (the heartbeat); once another took the job over, renewing fails', async () => {
      const j = await store().enqueueJob({ kind: 'k', payload: {}, runAt: at(0) });
      await claim('w1', at(1));
      expect(await store().renewJobLease(j.id, 'w1', at(500), at(50))).toBe(true);
      expect((await store().getJob(j.id))!.leaseUntil).toEqual(at(500));
      expect(await store().renewJobLease(j.id, 'w2', at(900), at(50))).toBe(false);
      // Not taken over at the old lease's end: the renewal moved it.
      expect(await claim('w2', at(400))).toBeNull();
      expect((await claim('w2', at(501)))!.leasedBy).toBe('w2');
      expect(await store().renewJobLease(j.id, 'w1', at(2000), at(502))).toBe(false);
    });

    it('a live lease blocks others; an expired one is taken over and the old holder is shut out', async () => {
      const j = await store().enqueueJob({ kind: 'k', payload: {}, runAt: at(0) });
      await claim('w1', at(1));
      expect(await claim('w2', at(1 + LEASE / 1000 - 1))).toBeNull();
      const taken = await claim('w2', at(1 + LEASE / 1000));
      expect(taken).toMatchObject({ id: j.id, leasedBy: 'w2', attempts: 2 });
      expect(await store().completeJob(j.id, 'w1', at(40))).toBe(false);
      expect(await store().failJob(j.id, 'w1', 'late', at(50), at(40))).toBeNull();
      expect(await store().releaseJob(j.id, 'w1', at(40))).toBe(false);
      expect(await store().completeJob(j.id, 'w2', at(41))).toBe(true);
      const done = await store().getJob(j.id);
      expect(done).toMatchObject({ status: 'done', leaseUntil: null, lastError: null, attempts: 2 });
      expect(done!.updatedAt).toEqual(at(41));
      expect(await claim('w3', at(10_000))).toBeNull();
      expect(await store().completeJob(j.id, 'w2', at(42))).toBe(false);
    });

    it('failJob retries at retryAt until the attempts are used up', async () => {
      const j = await store().enqueueJob({ kind: 'k', payload: {}, runAt: at(0), maxAttempts: 2 });
      await claim('w1', at(1));
      const retry = await store().failJob(j.id, 'w1', 'timeout', at(100), at(2));
      expect(retry).toMatchObject({ status: 'queued', lastError: 'timeout', leasedBy: null, leaseUntil: null, attempts: 1 });
      expect(retry!.runAt).toEqual(at(100));
      expect(await claim('w1', at(99))).toBeNull();
      expect(await claim('w2', at(100))).toMatchObject({ attempts: 2, leasedBy: 'w2' });
      const final = await store().failJob(j.id, 'w2', 'timeout again', at(200), at(101));
      expect(final).toMatchObject({ status: 'failed', lastError: 'timeout again', attempts: 2 });
      expect(final!.runAt).toEqual(at(100));
      expect(await claim('w1', at(10_000))).toBeNull();
    });

    it('failJob without a retry time fails for good at once', async () => {
      const j = await store().enqueueJob({ kind: 'k', payload: {}, runAt: at(0) });
      await claim('w1', at(1));
      expect(await store().failJob(j.id, 'w1', 'bad payload', null, at(2))).toMatchObject({ status: 'failed', attempts: 1, lastError: 'bad payload' });
    });

    it('releaseJob gives the job back without counting the attempt', async () => {
      const j = await store().enqueueJob({ kind: 'k', payload: {}, runAt: at(0) });
      await claim('w1', at(1));
      expect(await store().releaseJob(j.id, 'w1', at(2))).toBe(true);
      expect(await store().getJob(j.id)).toMatchObject({ status: 'queued', attempts: 0, leasedBy: null, leaseUntil: null });
      expect(await claim('w2', at(3))).toMatchObject({ id: j.id, attempts: 1 });
    });

    it('listJobs filters by kind and status, oldest first', async () => {
      const a = await store().enqueueJob({ kind: 'a', payload: {}, runAt: at(0) });
      const b = await store().enqueueJob({ kind: 'b', payload: {}, runAt: at(0) });
      const c = await store().enqueueJob({ kind: 'a', payload: {}, runAt: at(0) });
      await claim('w1', at(1), ['a']);
      expect((await store().listJobs()).map((j) => j.id)).toEqual([a.id, b.id, c.id]);
      expect((await store().listJobs({ kind: 'a' })).map((j) => j.id)).toEqual([a.id, c.id]);
      expect((await store().listJobs({ status: 'running' })).map((j) => j.id)).toEqual([a.id]);
      expect((await store().listJobs({ kind: 'a', status: 'queued' })).map((j) => j.id)).toEqual([c.id]);
    });
  });
}
