import type { RuleSetInput } from '@tribune/contracts';

/**
 * The plain word-list format (one term a line, `!phrase` = allowed phrase, `#` comments) as a rule
 * set: every term a global `word` rule that blocks.
 */
export function parseWordList(text: string): RuleSetInput {
  const words: NonNullable<RuleSetInput['words']> = [];
  const allowed: NonNullable<RuleSetInput['allowed']> = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.length === 0 || line.startsWith('#')) continue;
    if (line.startsWith('!')) {
      const phrase = line.slice(1).trim();
      if (phrase.length > 0) allowed.push({ id: `a${allowed.length + 1}`, phrase });
    } else words.push({ id: `w${words.length + 1}`, term: line });
  }
  return { words, allowed };
}
