import { NormalizedBuffer, normalizeInto } from '../normalize/normalize';
import { makeCorpus, makeTerms } from './synthetic';

const corpus = makeCorpus(2000, makeTerms(1000));
const buf = new NormalizedBuffer();
let bytes = 0;
for (const t of corpus) bytes += Buffer.byteLength(t);
console.log('avg bytes', (bytes / corpus.length).toFixed(1), 'avg chars', (corpus.reduce((a, t) => a + t.length, 0) / corpus.length).toFixed(1));
for (let r = 0; r < 40; r++) {
  const c = process.cpuUsage();
  for (const text of corpus) normalizeInto(text, buf);
  const cpu = process.cpuUsage(c);
  if (r % 10 === 9) console.log(`normalize ${((cpu.user + cpu.system) / corpus.length).toFixed(2)} µs cpu`);
}
