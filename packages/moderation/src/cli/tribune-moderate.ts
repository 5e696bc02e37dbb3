/**
 * tribune-moderate: test a word list or an exported rule set against a chat log offline.
 *   tribune-moderate --words words.txt < chat.log
 *   tribune-moderate --rules rules.json [--room ROOM] [--roles a,b] < chat.log
 * One message a line on stdin → one JSON object a line on stdout: {text, action, hits, delivered?}.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { RuleSetInput } from '@tribune/contracts';
import { RulesError, compile, createSpamState, evaluate, parseWordList } from '../index';

const USAGE = 'usage: tribune-moderate (--rules rules.json | --words words.txt) [--room ROOM] [--user USER] [--roles r1,r2] < messages.txt';

function loadRules(rulesPath: string | undefined, wordsPath: string | undefined): RuleSetInput {
  if (wordsPath !== undefined) return parseWordList(readFileSync(wordsPath, 'utf8'));
  const json = JSON.parse(readFileSync(rulesPath!, 'utf8')) as Record<string, unknown>;
  // Accept a bare rule set or a published snapshot ({v, version, rules}).
  return (json.rules !== undefined && typeof json.rules === 'object' ? json.rules : json) as RuleSetInput;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      rules: { type: 'string' }, words: { type: 'string' }, room: { type: 'string', default: 'cli' },
      user: { type: 'string', default: 'cli' }, roles: { type: 'string', default: '' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || (values.rules === undefined) === (values.words === undefined)) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  let compiled;
  try {
    compiled = compile(loadRules(values.rules, values.words));
  } catch (err) {
    if (err instanceof RulesError) {
      for (const i of err.issues) console.error(`rule ${i.ruleId ?? '-'} field ${i.field}: ${i.message}`);
      return 1;
    }
    throw err;
  }
  const state = createSpamState();
  const roles = values.roles.split(',').filter(Boolean);
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    const d = evaluate({ text: line, userId: values.user, roles, room: values.room, ts: Date.now() }, { state }, compiled);
    const out: Record<string, unknown> = { text: line, action: d.action, hits: d.hits };
    if (d.text !== line) out.delivered = d.text;
    if (d.timeoutSeconds !== undefined) out.timeoutSeconds = d.timeoutSeconds;
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
  return 0;
}

process.exitCode = await main();
