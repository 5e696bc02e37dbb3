/** One scenario step for one system, as printed. */
export interface Row {
  /** Issue 7's scenario (1: one sender at several rates, 2: the highest rate that holds, 3: many senders, 5: slow readers). */
  scenario: string;
  system: string;
  viewers: number;
  rate: number;
  sent: number;
  /** What the sender managed (it skips a send while too many await their ack). */
  sentRate: number;
  deliveriesPerSecond: number;
  framesPerSecond: number;
  /** Messages received over messages × viewers. */
  deliveredPercent: number;
  /** Viewers that received every message. */
  completeViewersPercent: number;
  p50: number;
  p95: number;
  p99: number;
  ackP50: number;
  ackP99: number;
  /** Per server, % of one core. */
  nodeCpu: number[];
  nodeRssMb: number[];
  idleKbPerConnection: number;
  /** All viewer workers and the sender together, % of one core. */
  loadgenCpu: number;
  load1: number;
  /** Viewers the server closed during the step (slow readers). */
  closed: number;
  /** Share of (message, viewer) deliveries the overload policy left out, as the servers report it; null for a peer. */
  sampledPercent: number | null;
  /** Messages per flushed batch on the servers (both servers receive every message); null for a peer. */
  messagesPerBatch: number | null;
  /** Last send → last receipt by any viewer (ms): how long the backlog took to drain once sending stopped. */
  drainMs: number;
  /** Slow readers (scenario 5) cut off by the server over those present, e.g. `1000/1000`; null without. */
  slowCut: string | null;
}

const ms = (v: number) => (Number.isNaN(v) ? '—' : `${Math.round(v)}`);
const k = (v: number) => (v >= 10_000 ? `${(v / 1000).toFixed(0)}k` : v.toFixed(0));

/** The run as a Markdown table, then the ratio of each system to the others at each rate. */
export function formatTable(rows: Row[]): string {
  const header = [
    'scenario',
    'system',
    'viewers',
    'offered (sent) msg/s',
    'deliveries/s',
    'frames/s',
    'delivered %',
    'viewers complete %',
    'p50 / p95 / p99 ms',
    'ack p50 / p99 ms',
    'server CPU %',
    'server RSS MB',
    'idle KB/conn',
    'loadgen CPU %',
    'load1',
    'closed',
    'sampled %',
    'msgs/batch',
    'drain ms',
    'slow cut',
  ];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const r of rows) {
    lines.push(
      `| ${[
        r.scenario,
        r.system,
        r.viewers,
        `${r.rate} (${r.sentRate.toFixed(0)})`,
        k(r.deliveriesPerSecond),
        k(r.framesPerSecond),
        r.deliveredPercent.toFixed(1),
        r.completeViewersPercent.toFixed(1),
        `${ms(r.p50)} / ${ms(r.p95)} / ${ms(r.p99)}`,
        `${ms(r.ackP50)} / ${ms(r.ackP99)}`,
        r.nodeCpu.map((c) => c.toFixed(0)).join(' + '),
        r.nodeRssMb.map((m) => m.toFixed(0)).join(' + '),
        r.idleKbPerConnection.toFixed(1),
        r.loadgenCpu.toFixed(0),
        r.load1.toFixed(2),
        r.closed,
        r.sampledPercent === null ? '—' : r.sampledPercent.toFixed(1),
        r.messagesPerBatch === null ? '—' : r.messagesPerBatch.toFixed(1),
        ms(r.drainMs),
        r.slowCut ?? '—',
      ].join(' | ')} |`,
    );
  }
  const ratios = ratioLines(rows);
  return ratios.length > 0 ? `${lines.join('\n')}\n\n${ratios.join('\n')}` : lines.join('\n');
}

function ratioLines(rows: Row[]): string[] {
  const systems = [...new Set(rows.map((r) => r.system))];
  const base = systems[0];
  const out: string[] = [];
  for (const peer of systems.slice(1)) {
    for (const r of rows.filter((x) => x.system === base)) {
      const p = rows.find((x) => x.system === peer && x.rate === r.rate && x.scenario === r.scenario);
      if (!p) continue;
      const d = p.deliveriesPerSecond > 0 ? (r.deliveriesPerSecond / p.deliveriesPerSecond).toFixed(2) : '—';
      const l = p.p99 > 0 ? (r.p99 / p.p99).toFixed(2) : '—';
      out.push(`${base} / ${peer}, scenario ${r.scenario} @ ${r.rate} msg/s: deliveries/s ×${d}, p99 ×${l}`);
    }
  }
  return out;
}

/** The reconnect-storm step: every viewer drops and rejoins with `since` while a sender keeps talking. */
export interface StormRow {
  system: string;
  viewers: number;
  withinSeconds: number;
  rejoined: number;
  failed: number;
  retries: number;
  recovered: number;
  notRecovered: number;
  joinP50: number;
  joinP99: number;
  lastRejoinSeconds: number;
  /** Viewers that ended with every message sent during the step (recovered history + live). */
  completeViewersPercent: number;
  deliveredPercent: number;
  nodeCpu: number[];
  load1: number;
}

export function formatStormTable(rows: StormRow[]): string {
  const header = ['system', 'viewers', 'storm', 'rejoined', 'gave up', 'retries', 'recovered', 'not recovered', 'join→joined p50 / p99 ms', 'last rejoin s', 'viewers complete %', 'delivered %', 'server CPU %', 'load1'];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const r of rows) {
    lines.push(
      `| ${[
        r.system,
        r.viewers,
        `${r.withinSeconds} s`,
        r.rejoined,
        r.failed,
        r.retries,
        r.recovered,
        r.notRecovered,
        `${ms(r.joinP50)} / ${ms(r.joinP99)}`,
        r.lastRejoinSeconds.toFixed(1),
        r.completeViewersPercent.toFixed(1),
        r.deliveredPercent.toFixed(1),
        r.nodeCpu.map((c) => c.toFixed(0)).join(' + '),
        r.load1.toFixed(2),
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}
