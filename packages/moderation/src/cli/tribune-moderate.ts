// Placeholder CLI; replaced by the full one (words/rules loading) below in later commits.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { compile, createSpamState, evaluate } from '../index';

const args = process.argv.slice(2);
const wordsPath = args[args.indexOf('--words') + 1];
const lines = wordsPath ? readFileSync(wordsPath, 'utf8').split('\n').filter((l) => l && !l.startsWith('!')) : [];
const compiled = compile({ words: lines.map((term, i) => ({ id: `w${i + 1}`, term })) });
const state = createSpamState();
const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  const d = evaluate({ text: line, userId: 'cli', roles: [], room: 'cli', ts: Date.now() }, { state }, compiled);
  console.log(JSON.stringify({ text: line, action: d.action, hits: d.hits }));
}
