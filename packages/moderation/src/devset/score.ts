import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A labelled devset (cases.tsv + words.txt) and precision/recall per section, for any filter. */

export interface DevCase {
  section: string;
  block: boolean;
  text: string;
}

export interface Devset {
  name: string;
  words: string;
  cases: DevCase[];
}

export interface Score {
  section: string;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number | null;
  recall: number | null;
}

const DEVSET_DIR = fileURLToPath(new URL('../../devset/', import.meta.url));

export function loadDevset(name: 'devset' | 'heldout', dir = name === 'devset' ? DEVSET_DIR : `${DEVSET_DIR}heldout/`): Devset {
  const cases: DevCase[] = [];
  let section = '(none)';
  for (const line of readFileSync(`${dir}cases.tsv`, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      section = line.replace(/^#\s*-*\s*/, '').trim();
      continue;
    }
    const [label, ...rest] = line.split('\t');
    cases.push({ section, block: label === 'BLOCK', text: rest.join('\t') });
  }
  return { name, words: readFileSync(`${dir}words.txt`, 'utf8'), cases };
}

/** Scores `flags(text) → true when the filter would stop it` per section, plus an `overall` row. */
export function score(cases: readonly DevCase[], flags: (text: string) => boolean): Score[] {
  const rows = new Map<string, Score>();
  const row = (section: string): Score => {
    let r = rows.get(section);
    if (!r) rows.set(section, (r = { section, tp: 0, fp: 0, fn: 0, tn: 0, precision: null, recall: null }));
    return r;
  };
  for (const c of cases) {
    const flagged = flags(c.text);
    for (const r of [row(c.section), row('overall')]) {
      if (c.block && flagged) r.tp++;
      else if (c.block) r.fn++;
      else if (flagged) r.fp++;
      else r.tn++;
    }
  }
  const overall = rows.get('overall');
  rows.delete('overall');
  const out = [...rows.values()];
  if (overall) out.push(overall);
  for (const r of out) {
    r.precision = r.tp + r.fp === 0 ? null : r.tp / (r.tp + r.fp);
    r.recall = r.tp + r.fn === 0 ? null : r.tp / (r.tp + r.fn);
  }
  return out;
}
