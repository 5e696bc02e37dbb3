import { ruleSet } from '@tribune/contracts';
import { compile } from '../compile';
import { makeTerms } from './synthetic';
const terms = makeTerms(10_000);
const input = { words: terms.map((term, i) => ({ id: `t${i}`, term })) };
let best = Infinity; let bz = Infinity;
for (let k = 0; k < 40; k++) {
  let c = process.cpuUsage(); compile(input); let d = process.cpuUsage(c); best = Math.min(best, (d.user + d.system) / 1000);
  c = process.cpuUsage(); ruleSet.parse(input); d = process.cpuUsage(c); bz = Math.min(bz, (d.user + d.system) / 1000);
}
console.log(`compile best cpu ${best.toFixed(1)} ms; zod alone ${bz.toFixed(1)} ms`);
