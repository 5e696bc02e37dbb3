import { compile } from '../compile';
import { evaluate } from '../evaluate';
import { createSpamState } from '../spam/spam-state';
import { makeCorpus, makeTerms } from './synthetic';

const terms = makeTerms(10_000);
const compiled = compile({ words: terms.map((term, i) => ({ id: `t${i}`, term })) });
const corpus = makeCorpus(2000, terms);
const state = createSpamState();
for (let r = 0; r < 40; r++) {
  const a = performance.now();
  const c = process.cpuUsage();
  for (const text of corpus) evaluate({ text, userId: 'u', roles: [], room: 'r', ts: 0 }, { state }, compiled);
  const cpu = process.cpuUsage(c);
  if (r % 10 === 9) console.log(`${(((performance.now() - a) * 1000) / corpus.length).toFixed(2)} µs/msg wall, ${((cpu.user + cpu.system) / corpus.length).toFixed(2)} cpu`);
}
