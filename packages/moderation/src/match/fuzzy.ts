import { F_HANGUL, F_SYLSTART } from '../normalize/normalize';
import { SYL_BASE, SYL_LAST } from '../normalize/hangul';

/**
 * Fuzzy Hangul matching with a cost bound. The automaton runs over a coarse form of the jamo stream in
 * which sounds people swap to dodge a filter fall together — an onset with its aspirated partner (tense
 * consonants are already their lax partner), the vowels ㅕ/ㅠ/ㅛ and ㅗ/ㅜ (ㅐ/ㅔ already merge), and every
 * final consonant; a dropped final is a compile-time variant. A coarse match is then compared with the
 * pattern's exact form: each differing symbol is one edit, and a term allows `editBudget` edits. One scan,
 * no pattern per spelling, and a clean message pays only the coarse mapping (a table read per symbol).
 */

/** The coarse symbol every final consonant maps to (a private-use code outside the choseong range). */
export const ANY_FINAL = 0xe100;
/**
 * A vowel that starts its syllable (silent onset) gets a coarse code of its own, so a pattern that begins
 * with one is only found at a syllable start: with every final folded together, "ㅏ·final·ㄷㅏ" would
 * otherwise be found inside every 간다 and 한다, to be verified away.
 */
const SYLLABLE_VOWEL = 0xe200;
const VOWEL_FIRST = 0x314f;

const JAMO_FIRST = 0x3131;
const JAMO_LAST = 0x3163;
const CONSONANT_LAST = 0x314e;

const CLASSES: Record<string, string> = {
  // Onsets: aspirated with plain (ㅃ ㄸ ㅉ ㄲ already read as ㅂ ㄷ ㅈ ㄱ).
  ㅍ: 'ㅂ', ㅌ: 'ㄷ', ㅊ: 'ㅈ', ㅋ: 'ㄱ',
  // Vowels that slang and typos trade (병신/븅신/뵹신, 존나/준나).
  ㅠ: 'ㅕ', ㅛ: 'ㅕ', ㅜ: 'ㅗ',
};
const COARSE_T = Uint16Array.from({ length: JAMO_LAST - JAMO_FIRST + 1 }, (_, i) => {
  const ch = String.fromCharCode(JAMO_FIRST + i);
  return (CLASSES[ch] ?? ch).charCodeAt(0);
});

/** Writes the coarse form of sym[0..n) into `out`. A final is a Hangul consonant that starts no syllable. */
export function coarseInto(sym: ArrayLike<number>, flags: ArrayLike<number>, n: number, out: Uint16Array): void {
  for (let i = 0; i < n; i++) {
    const c = sym[i]!;
    if (c < JAMO_FIRST || c > JAMO_LAST) out[i] = c;
    else if (c <= CONSONANT_LAST) out[i] = (flags[i]! & (F_HANGUL | F_SYLSTART)) === F_HANGUL ? ANY_FINAL : COARSE_T[c - JAMO_FIRST]!;
    else {
      // Silent onset: the vowel starts the syllable, and no final moved into it (씹알: ㅂ starts 알).
      const initial = (flags[i]! & F_SYLSTART) !== 0 && (i === 0 || !(sym[i - 1]! <= CONSONANT_LAST && sym[i - 1]! >= JAMO_FIRST && (flags[i - 1]! & F_SYLSTART) !== 0));
      out[i] = initial ? SYLLABLE_VOWEL + (COARSE_T[c - JAMO_FIRST]! - VOWEL_FIRST) : COARSE_T[c - JAMO_FIRST]!;
    }
  }
}

/**
 * Edits a Hangul term allows: none for one syllable (too many real words are one edit from it), one for
 * two or three, two from four on.
 */
export function editBudget(term: string): number {
  let syllables = 0;
  for (let i = 0; i < term.length; i++) {
    const c = term.charCodeAt(i);
    if (c >= SYL_BASE && c <= SYL_LAST) syllables++;
  }
  return syllables <= 1 ? 0 : syllables <= 3 ? 1 : 2;
}

/** The term with one final consonant dropped, for each syllable that has one (존나 → 조나). */
export function withoutFinal(term: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < term.length; i++) {
    const c = term.charCodeAt(i);
    if (c < SYL_BASE || c > SYL_LAST) continue;
    const t = (c - SYL_BASE) % 28;
    if (t !== 0) out.push(term.slice(0, i) + String.fromCharCode(c - t) + term.slice(i + 1));
  }
  return out;
}

/**
 * Syllables that may follow a fuzzy match inside the same word: particles (아, 이, 은, 을, 의, 에, 도, 만, 랑,
 * 들 …), the endings and suffixes slang attaches (하다/같다 forms, 놈, 년, 새끼, 짓, 질 …). Anything else after
 * an inexact match means it sits inside a longer, different word.
 */
export const FUZZY_FOLLOWERS: ReadonlySet<number> = new Set(
  [...'아야이가은는을를의에께도만랑와과로으여들처보까부한테밖뿐하해했할함합같짓질놈년새게네냐다지라고요임인일'].map((c) => c.charCodeAt(0)),
);
