import type { RE2JS } from 're2js';

/** Hits one regex rule can report in one message (each copy of a repeated spam line is masked up to this). */
export const MAX_REGEX_HITS = 32;
/** Searches one regex rule may run on one message, zero-length matches included. */
const MAX_REGEX_FINDS = MAX_REGEX_HITS * 4;

export interface RegexOccurrences {
  /** `[start, end)` of each non-empty match, in order, at most MAX_REGEX_HITS. */
  ranges: [number, number][];
  /** The cap was reached and the text holds at least one more match. */
  more: boolean;
}

/**
 * Every non-empty match of `re` in `text`, bounded whatever the text. A zero-length match (`\b`, `^`:
 * patterns that can match empty are refused at compile, see matchesEmpty) marks no text and is skipped;
 * find() itself steps past it.
 */
export function regexOccurrences(re: RE2JS, text: string): RegexOccurrences {
  const m = re.matcher(text);
  const ranges: [number, number][] = [];
  for (let tries = 0; ranges.length < MAX_REGEX_HITS && tries < MAX_REGEX_FINDS && m.find(); tries++) {
    if (m.end() > m.start()) ranges.push([m.start(), m.end()]);
  }
  let more = false;
  if (ranges.length === MAX_REGEX_HITS) {
    for (let tries = 0; !more && tries < MAX_REGEX_FINDS && m.find(); tries++) more = m.end() > m.start();
  }
  return { ranges, more };
}

/**
 * Texts covering every context an empty match can depend on (RE2 has no lookaround, only the assertions
 * `^ $ \A \z \b \B`): empty text, word and non-word characters at the edges and between, line breaks for
 * `(?m)`. A pattern that matches the empty string in any of them (`x*`, `a?`, `foo|`, `\b`, `^`) would
 * fire on (nearly) every message.
 */
const EMPTY_PROBES = ['', 'a', ' ', 'a a', ' a ', 'aa', '0', '\n', 'a\na'];

export function matchesEmpty(re: RE2JS): boolean {
  for (const probe of EMPTY_PROBES) {
    const m = re.matcher(probe);
    for (let tries = 0; tries < 16 && m.find(); tries++) if (m.end() === m.start()) return true;
  }
  return false;
}
