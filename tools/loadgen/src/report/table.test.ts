import { describe, expect, it } from 'vitest';
import { formatTable, type Row } from './table';

const row = (system: string, rate: number, deliveries: number, p99: number, scenario = '1'): Row => ({
  scenario,
  system,
  viewers: 10_000,
  rate,
  sent: rate * 8,
  sentRate: rate,
  deliveriesPerSecond: deliveries,
  framesPerSecond: deliveries / 10,
  deliveredPercent: 100,
  completeViewersPercent: 100,
  p50: 10,
  p95: 20,
  p99,
  ackP50: 5,
  ackP99: 9,
  nodeCpu: [50, 40],
  nodeRssMb: [120, 118],
  idleKbPerConnection: 8.25,
  loadgenCpu: 90,
  load1: 1.5,
  closed: 0,
  sampledPercent: system === 'raw' ? null : 0,
  messagesPerBatch: system === 'raw' ? null : 4.5,
  drainMs: 120,
  slowCut: null,
});

describe('formatTable', () => {
  it('prints a row per step and the ratio of the first system to each peer at each rate', () => {
    const text = formatTable([row('tribune', 100, 900_000, 300), row('raw', 100, 1_000_000, 200), row('tribune', 100, 450_000, 600, '3'), { ...row('raw', 100, 500_000, 300, '5'), slowCut: '10/10' }]);
    expect(text).toContain('| 1 | tribune | 10000 | 100 (100) | 900k | 90k | 100.0 | 100.0 | 10 / 20 / 300 | 5 / 9 | 50 + 40 | 120 + 118 | 8.3 | 90 | 1.50 | 0 | 0.0 | 4.5 | 120 | — |');
    expect(text).toContain('| 5 | raw |');
    expect(text).toContain('| 10/10 |');
    expect(text).toContain('tribune / raw, scenario 1 @ 100 msg/s: deliveries/s ×0.90, p99 ×1.50');
    // Compared within a scenario only: scenario 3 has no raw row.
    expect(text).not.toContain('scenario 3');
  });
});
