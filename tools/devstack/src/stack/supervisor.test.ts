import { describe, expect, it } from 'vitest';
import { startProcess } from '../process/child-process';
import { Supervisor } from './supervisor';

const waitFor = async (ok: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('Supervisor', () => {
  it('restarts a crashing app with a growing delay and reports each restart', async () => {
    const restarts: { code: number | string; restarts: number; delayMs: number }[] = [];
    let starts = 0;
    const sup = new Supervisor({
      name: 'crasher',
      start: () => {
        starts += 1;
        return startProcess('crasher', process.execPath, ['-e', 'process.exit(3)'], { stdio: 'ignore' });
      },
      onRestart: (info) => restarts.push(info),
      baseDelayMs: 50,
      maxDelayMs: 200,
    });
    await waitFor(() => restarts.length >= 4);
    await sup.stop(1000);
    expect(restarts.slice(0, 4).map((r) => r.delayMs)).toEqual([50, 100, 200, 200]);
    expect(restarts.every((r) => r.code === 3)).toBe(true);
    expect(sup.restarts).toBe(restarts.length);
    expect(starts).toBeGreaterThanOrEqual(4);
  });

  it('does not restart an app it was told to stop', async () => {
    const restarts: unknown[] = [];
    const sup = new Supervisor({
      name: 'sleeper',
      start: () => startProcess('sleeper', process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' }),
      onRestart: (info) => restarts.push(info),
      baseDelayMs: 10,
    });
    const first = sup.current;
    await sup.stop(2000);
    await first.exited;
    await new Promise((r) => setTimeout(r, 100));
    expect(restarts).toEqual([]);
    expect(sup.current).toBe(first);
  });
});
