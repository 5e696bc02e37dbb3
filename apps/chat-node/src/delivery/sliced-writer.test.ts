import { describe, expect, it } from 'vitest';
import type { Session } from '../transport/session';
import { SlicedWriter } from './sliced-writer';

/** Sessions are only handed back to `each`; a name is enough. */
const sessions = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}` }) as unknown as Session);

/** A clock that advances 1 ms per look, and a hand-run queue of deferred slices. */
function harness(sliceMs: number) {
  let clock = 0;
  const deferred: (() => void)[] = [];
  let idle = 0;
  const writer = new SlicedWriter({ sliceMs, now: () => clock++, defer: (next) => deferred.push(next), onIdle: () => (idle += 1) });
  const runDeferred = () => {
    while (deferred.length > 0) deferred.shift()!();
  };
  return { writer, deferred, runDeferred, idleCount: () => idle };
}

describe('SlicedWriter', () => {
  it('writes a small audience at once, in one slice, and says when it is idle', () => {
    const { writer, deferred, idleCount } = harness(4);
    const seen: string[] = [];
    let done = 0;
    writer.push({ sessions: sessions(20, 'a'), each: (s) => seen.push(s.id), done: () => (done += 1) });
    expect(seen).toHaveLength(20);
    expect(done).toBe(1);
    expect(deferred).toHaveLength(0);
    expect(writer.idle).toBe(true);
    expect(idleCount()).toBe(1);
  });

  it('yields to the event loop when a slice has used its time, and resumes where it stopped', () => {
    const { writer, deferred, runDeferred, idleCount } = harness(2);
    const seen: string[] = [];
    writer.push({ sessions: sessions(200, 'a'), each: (s) => seen.push(s.id) });
    // The clock is looked at every 32 sessions and advances 1 ms per look: the first slice ends after 64.
    expect(seen).toHaveLength(64);
    expect(writer.idle).toBe(false);
    expect(deferred).toHaveLength(1);
    expect(idleCount()).toBe(0);
    runDeferred();
    expect(seen).toEqual(sessions(200, 'a').map((s) => s.id));
    expect(writer.idle).toBe(true);
    expect(idleCount()).toBe(1);
  });

  it('keeps the order of writes: a later frame never overtakes an earlier one at any session', () => {
    const { writer, runDeferred } = harness(1);
    const audience = sessions(300, 'a');
    const got = new Map<string, string[]>();
    const frame = (name: string) => ({ sessions: audience, each: (s: Session) => got.set(s.id, [...(got.get(s.id) ?? []), name]) });
    writer.push(frame('first'));
    writer.push(frame('second'));
    writer.push(frame('third'));
    runDeferred();
    for (const s of audience) expect(got.get(s.id)).toEqual(['first', 'second', 'third']);
  });

  it('clear() drops what is queued', () => {
    const { writer, runDeferred } = harness(1);
    const seen: string[] = [];
    writer.push({ sessions: sessions(300, 'a'), each: (s) => seen.push(s.id) });
    const before = seen.length;
    writer.clear();
    runDeferred();
    expect(seen).toHaveLength(before);
    expect(writer.idle).toBe(true);
  });
});
