import { compile } from '../compile';
import { makeTerms } from './synthetic';

const terms = makeTerms(10_000);
const input = { words: terms.map((term, i) => ({ id: `t${i}`, term })) };
for (let k = 0; k < 15; k++) {
  const a = performance.now();
  const c = process.cpuUsage();
  compile(input);
  const cpu = process.cpuUsage(c);
  console.log(`compile wall ${(performance.now() - a).toFixed(1)} ms, cpu ${((cpu.user + cpu.system) / 1000).toFixed(1)} ms`);
}
