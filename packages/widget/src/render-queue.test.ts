import { describe, expect, it } from 'vitest';
import { RenderQueue } from './render-queue.js';

const item = (id: string) => ({ id });

describe('RenderQueue', () => {
  it('gives what was added since the last drain, in order, then nothing', () => {
    const q = new RenderQueue<{ id: string }>(10);
    q.add(item('a'));
    q.add(item('b'));
    expect(q.pending).toBe(true);
    expect(q.drain()).toEqual({ added: [item('a'), item('b')], removed: [] });
    expect(q.pending).toBe(false);
    expect(q.drain()).toEqual({ added: [], removed: [] });
  });

  it('keeps only the newest max additions of a burst', () => {
    const q = new RenderQueue<{ id: string }>(3);
    for (let i = 0; i < 100; i++) q.add(item(`m${i}`));
    expect(q.drain().added.map((m) => m.id)).toEqual(['m97', 'm98', 'm99']);
  });

  it('stays bounded between drains (a hidden tab gets no frames)', () => {
    const q = new RenderQueue<{ id: string }>(5);
    for (let i = 0; i < 10_000; i++) q.add(item(`m${i}`));
    expect((q as unknown as { added: unknown[] }).added.length).toBeLessThanOrEqual(10);
  });

  it('a deletion cancels a pending addition and is reported for rendered lines', () => {
    const q = new RenderQueue<{ id: string }>(10);
    q.add(item('a'));
    q.add(item('b'));
    q.remove('a');
    q.remove('z');
    expect(q.drain()).toEqual({ added: [item('b')], removed: ['a', 'z'] });
  });

  it('does not show again a message deleted earlier (a late copy from a rejoin)', () => {
    const q = new RenderQueue<{ id: string }>(10);
    q.remove('a');
    q.drain();
    q.add(item('a'));
    expect(q.drain().added).toEqual([]);
  });

  it('forgets the oldest tombstones past its bound', () => {
    const q = new RenderQueue<{ id: string }>(10, 2);
    q.remove('a');
    q.remove('b');
    q.remove('c');
    q.drain();
    q.add(item('a'));
    q.add(item('c'));
    expect(q.drain().added).toEqual([item('a')]);
  });
});
