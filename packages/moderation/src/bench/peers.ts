import BadWordsKo from 'badwords-ko';
import { Filter as BadWords } from 'bad-words';
import { DataSet, RegExpMatcher, englishRecommendedTransformers, parseRawPattern } from 'obscenity';
import { compile } from '../compile';
import { evaluate } from '../evaluate';
import { createSpamState } from '../spam/spam-state';
import { parseWordList } from '../word-list';

/** Each filter as `text → flagged?`, built from the same word list (terms + `!allowed` phrases). */
export type FilterFn = (text: string) => boolean;

export function splitList(list: string): { terms: string[]; allowed: string[] } {
  const lines = list.split('\n').map((l) => l.trim()).filter(Boolean);
  return { terms: lines.filter((l) => !l.startsWith('!')), allowed: lines.filter((l) => l.startsWith('!')).map((l) => l.slice(1)) };
}

export function tribune(list: string): FilterFn {
  const compiled = compile(parseWordList(list));
  const state = createSpamState();
  return (text) => evaluate({ text, userId: 'u', roles: [], room: 'r', ts: 0 }, { state }, compiled).action !== 'allow';
}

export function obscenity(list: string): FilterFn {
  const { terms, allowed } = splitList(list);
  const data = new DataSet<{ term: string }>();
  for (const term of terms) {
    // obscenity's pattern syntax reserves [ ] ? | \ — escape them so the term is literal.
    const escaped = term.replace(/([[\]?|\\])/g, '\\$1');
    data.addPhrase((p) => {
      let b = p.setMetadata({ term }).addPattern(parseRawPattern(escaped));
      for (const a of allowed) if (a.includes(term)) b = b.addWhitelistedTerm(a);
      return b;
    });
  }
  const matcher = new RegExpMatcher({ ...data.build(), ...englishRecommendedTransformers });
  return (text) => matcher.hasMatch(text);
}

export function badWords(list: string): FilterFn {
  const { terms } = splitList(list);
  const filter = new BadWords({ emptyList: true });
  filter.addWords(...terms);
  return (text) => filter.isProfane(text);
}

export function badWordsKo(list: string): FilterFn {
  const { terms } = splitList(list);
  const filter = new BadWordsKo({ emptyList: true });
  // Its matcher builds a RegExp from each term: escape so `freebitz.io` is literal.
  filter.addWords(...terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return (text) => filter.isProfane(text);
}
