import { buildRoutes } from '../rows/routes';
import { benchEvent } from './bench-events';
const N = 200_000;
const bufs = Array.from({ length: N }, (_, i) => Buffer.from(JSON.stringify(benchEvent('run12345', i, Date.now()))));
const route = [...buildRoutes('').values()][0]!;
for (let rep = 0; rep < 3; rep++) {
  const t0 = performance.now();
  const rows = bufs.map((b, i) => route.parse(b, { topic: 't', partition: 0, offset: String(i) }));
  const t1 = performance.now();
  const objs = rows.map((r) => (r as { value: { row: Record<string, unknown> } }).value?.row ?? (r as any).row?.row);
  const columns = Object.keys(objs[0] ?? {});
  const vals = objs.map((row) => columns.map((c) => row[c]));
  const t2 = performance.now();
  let body = '';
  for (const v of vals) body += JSON.stringify(v) + '\n';
  const t3 = performance.now();
  console.log(`parse+validate+map ${(t1 - t0).toFixed(0)} ms, positional ${(t2 - t1).toFixed(0)} ms, encode ${(t3 - t2).toFixed(0)} ms, body ${body.length}`);
}
