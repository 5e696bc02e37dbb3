import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { fuzzGateway } from '../fuzz/gateway-fuzz';
import type { FuzzEndpoint } from '../fuzz/fuzz-target';

// `npm run fuzz`: the long gateway fuzz against a target process. Args: [inputs=1000000] [seed].
const wanted = Number(process.argv[2] ?? 1_000_000);
const seed = process.argv[3] ? Number(process.argv[3]) : Date.now() % 2 ** 31;
const serve = fileURLToPath(new URL('../fuzz/serve-fuzz-target.ts', import.meta.url));
const child = spawn(process.execPath, ['--import', 'tsx', serve], { stdio: ['ignore', 'pipe', 'inherit'] });
const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
const endpoint = JSON.parse(line) as FuzzEndpoint;
const base = `http://127.0.0.1:${endpoint.port}`;

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : Number.NaN;
}
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

// Warm up (JIT, the first allocations) before the RSS baseline.
await fuzzGateway(endpoint, { runs: 2000, seed: seed + 1000 });
const rssBefore = await metric('fuzz_process_resident_memory_bytes');
const started = Date.now();
const cpuStart = process.cpuUsage();
let lastPrint = 0;
// Runs are drawn until `wanted` inputs (requests + frames) were sent; a session averages ~5 inputs.
let sent = 0;
const tally = new Map<string, number>();
process.stdout.write(`gateway fuzz: ${wanted} inputs, seed ${seed}, target pid ${child.pid}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
try {
  for (let round = 0; sent < wanted; round++) {
    const result = await fuzzGateway(endpoint, {
      runs: Math.min(20_000, Math.max(1000, Math.ceil((wanted - sent) / 5))),
      seed: seed + round * 16,
      concurrency: 8,
      onProgress: (n) => {
        if (Date.now() - lastPrint < 5000) return;
        lastPrint = Date.now();
        process.stdout.write(`  ${sent + n} inputs, ${((sent + n) / ((Date.now() - started) / 1000)).toFixed(0)}/s\n`);
      },
    });
    sent += result.inputs;
    for (const [k, v] of result.tally) tally.set(k, (tally.get(k) ?? 0) + v);
    if (child.exitCode !== null) throw new Error(`target exited (${child.exitCode})`);
  }
} catch (err) {
  process.stdout.write(`FAILED after ${sent} inputs (seed ${seed}):\n${err instanceof Error ? err.message : String(err)}\n`);
  child.kill('SIGTERM');
  process.exit(1);
}
await new Promise((r) => setTimeout(r, 2000));
const rssAfter = await metric('fuzz_process_resident_memory_bytes');
const slots = await metric('tribune_chat_node_connection_slots');
const seconds = (Date.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStart);
process.stdout.write(`\n${sent} inputs in ${seconds.toFixed(0)} s (${(sent / seconds).toFixed(0)}/s); target alive: ${child.exitCode === null}\n`);
process.stdout.write(`target RSS before ${mb(rssBefore)}, after ${mb(rssAfter)} (${rssAfter >= rssBefore ? '+' : ''}${mb(rssAfter - rssBefore)}); connection slots held at the end: ${slots}\n`);
process.stdout.write(`fuzzer CPU ${(((cpu.user + cpu.system) / 1e6 / seconds) * 100).toFixed(0)}% of one core; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
process.stdout.write('outcomes:\n');
for (const [k, v] of [...tally].sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${k.padEnd(24)} ${v}\n`);
child.kill('SIGTERM');
await once(child, 'exit');
process.exit(slots === 0 ? 0 : 1);
