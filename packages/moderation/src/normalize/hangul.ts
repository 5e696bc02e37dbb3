/**
 * Hangul for matching: syllables become a jamo stream under a few pronunciation rules, so the
 * spellings people use to dodge a filter (tensed consonants, batchim moved to the next syllable,
 * palatal vowel merges, nasal/liquid clusters) meet the term in one canonical form.
 */

export const SYL_BASE = 0xac00;
export const SYL_LAST = 0xd7a3;
export const JAMO_FIRST = 0x3131;
export const JAMO_LAST = 0x318e;
/** Standalone consonants (choseong abbreviations such as ㅅㄲ) live in a private-use range of their own. */
export const CHO_BASE = 0xe000;

// Compatibility jamo for the 19 initials, 21 medials and 27 finals of a syllable.
const INITIALS = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
const MEDIALS = 'ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ';
const FINALS = ['', 'ㄱ', 'ㄲ', 'ㄳ', 'ㄴ', 'ㄵ', 'ㄶ', 'ㄷ', 'ㄹ', 'ㄺ', 'ㄻ', 'ㄼ', 'ㄽ', 'ㄾ', 'ㄿ', 'ㅀ', 'ㅁ', 'ㅂ', 'ㅄ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅊ', 'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ'];

const code = (s: string): number => s.charCodeAt(0);
export const J = {
  g: code('ㄱ'), n: code('ㄴ'), d: code('ㄷ'), r: code('ㄹ'), m: code('ㅁ'), b: code('ㅂ'), s: code('ㅅ'),
  ng: code('ㅇ'), j: code('ㅈ'), ch: code('ㅊ'), k: code('ㅋ'), t: code('ㅌ'), p: code('ㅍ'), h: code('ㅎ'),
  jj: code('ㅉ'),
};

const INITIAL_T = Uint16Array.from(INITIALS, code);
const MEDIAL_T = Uint16Array.from(MEDIALS, code);
export const initialJamo = (l: number): number => INITIAL_T[l]!;
export const medialJamo = (v: number): number => MEDIAL_T[v]!;

/** Tense consonants count as their lax partner: 쌔끼 = 새기. */
const LAX: Record<string, string> = { ㄲ: 'ㄱ', ㄸ: 'ㄷ', ㅃ: 'ㅂ', ㅆ: 'ㅅ', ㅉ: 'ㅈ' };
/** Vowels merged in speech (ㅐ/ㅔ, ㅙ/ㅞ/ㅚ); after ㅈ ㅊ ㅉ the y-glide is not heard (져 = 저). */
const VOWEL_MERGE: Record<string, string> = { ㅔ: 'ㅐ', ㅖ: 'ㅒ', ㅙ: 'ㅚ', ㅞ: 'ㅚ' };
const PALATAL_DROP: Record<string, string> = { ㅑ: 'ㅏ', ㅒ: 'ㅐ', ㅕ: 'ㅓ', ㅖ: 'ㅐ', ㅛ: 'ㅗ', ㅠ: 'ㅜ' };

// Tables indexed by (jamo - JAMO_FIRST): these run for every Hangul character of every message.
const LAX_T = new Uint16Array(0x60);
const VOWEL_T = new Uint16Array(0x60);
const VOWEL_PALATAL_T = new Uint16Array(0x60);
for (let c = 0; c < 0x60; c++) {
  const ch = String.fromCharCode(JAMO_FIRST + c);
  LAX_T[c] = code(LAX[ch] ?? ch);
  VOWEL_T[c] = code(VOWEL_MERGE[ch] ?? ch);
  VOWEL_PALATAL_T[c] = code(PALATAL_DROP[ch] ?? VOWEL_MERGE[ch] ?? ch);
}

export function lax(jamo: number): number {
  const i = jamo - JAMO_FIRST;
  return i >= 0 && i < 0x60 ? LAX_T[i]! : jamo;
}

export function canonicalVowel(vowel: number, onset: number): number {
  const i = vowel - JAMO_FIRST;
  if (i < 0 || i >= 0x60) return vowel;
  return onset === J.j || onset === J.ch || onset === J.jj ? VOWEL_PALATAL_T[i]! : VOWEL_T[i]!;
}

/** Vowels a spelling variant may swap once per term (존나/존내, 하고/하구): expanded at compile time. */
export const VOWEL_VARIANTS: Record<string, string[]> = { ㅏ: ['ㅐ'], ㅐ: ['ㅏ', 'ㅓ'], ㅓ: ['ㅐ'], ㅗ: ['ㅜ'], ㅜ: ['ㅗ'] };

const DECOMPOSED: Record<string, string> = {
  ㄳ: 'ㄱㅅ', ㄵ: 'ㄴㅈ', ㄶ: 'ㄴㅎ', ㄺ: 'ㄹㄱ', ㄻ: 'ㄹㅁ', ㄼ: 'ㄹㅂ', ㄽ: 'ㄹㅅ', ㄾ: 'ㄹㅌ', ㄿ: 'ㄹㅍ', ㅀ: 'ㄹㅎ', ㅄ: 'ㅂㅅ',
};
const FINAL_JAMOS = FINALS.map((f) => [...(DECOMPOSED[f] ?? f)].map(code));
/** The consonants of a final, in order (ㄺ → ㄹ ㄱ). */
export function finalJamos(t: number): readonly number[] {
  return FINAL_JAMOS[t] ?? [];
}

/** A final before a consonant or at the end of a word is heard as one of seven sounds (닭 = 닥, 좆 = 졷). */
const NEUTRAL: Record<string, string> = {
  ㄱ: 'ㄱ', ㄲ: 'ㄱ', ㅋ: 'ㄱ', ㄳ: 'ㄱ', ㄺ: 'ㄱ', ㄴ: 'ㄴ', ㄵ: 'ㄴ', ㄶ: 'ㄴ', ㄷ: 'ㄷ', ㅅ: 'ㄷ', ㅆ: 'ㄷ', ㅈ: 'ㄷ',
  ㅊ: 'ㄷ', ㅌ: 'ㄷ', ㅎ: 'ㄷ', ㄹ: 'ㄹ', ㄼ: 'ㄹ', ㄽ: 'ㄹ', ㄾ: 'ㄹ', ㅀ: 'ㄹ', ㅁ: 'ㅁ', ㄻ: 'ㅁ', ㅂ: 'ㅂ', ㅍ: 'ㅂ',
  ㄿ: 'ㅂ', ㅄ: 'ㅂ', ㅇ: 'ㅇ',
};
const NEUTRAL_T = Uint16Array.from(FINALS, (f) => code(NEUTRAL[f] ?? 'ㅇ'));
export function neutralFinal(t: number): number {
  return NEUTRAL_T[t]!;
}

export function isJamoConsonant(c: number): boolean {
  return c >= 0x3131 && c <= 0x314e;
}
export function isJamoVowel(c: number): boolean {
  return c >= 0x314f && c <= 0x3163;
}

const INITIAL_INDEX = new Map([...INITIALS].map((c, i) => [code(c), i]));
const MEDIAL_INDEX = new Map([...MEDIALS].map((c, i) => [code(c), i]));
const FINAL_INDEX = new Map(FINALS.map((c, i) => [c === '' ? -1 : code(c), i]));
const VOWEL_PAIRS: Record<string, string> = { ㅗㅏ: 'ㅘ', ㅗㅐ: 'ㅙ', ㅗㅣ: 'ㅚ', ㅜㅓ: 'ㅝ', ㅜㅔ: 'ㅞ', ㅜㅣ: 'ㅟ', ㅡㅣ: 'ㅢ' };

/** Conjoining jamo (U+1100 block, from NFD text) to the compatibility jamo people type. */
export function conjoiningToCompat(cp: number): number {
  if (cp >= 0x1100 && cp <= 0x1112) return INITIALS.charCodeAt(cp - 0x1100);
  if (cp >= 0x1161 && cp <= 0x1175) return MEDIALS.charCodeAt(cp - 0x1161);
  if (cp >= 0x11a8 && cp <= 0x11c2) return code(FINALS[cp - 0x11a7] ?? 'ㅇ');
  return 0;
}

export interface ComposedUnit {
  /** A syllable code point, or a standalone consonant jamo. */
  cp: number;
  /** Indices into the caller's jamo list this unit came from. */
  first: number;
  last: number;
}

/**
 * Composes typed jamo into syllables the way a Korean keyboard does (ㅅㅐㄲㅣ → 새끼); consonants
 * with no vowel to attach to stay standalone (ㅅㄲ), which is how abbreviations are written.
 */
export function composeJamo(jamo: readonly number[]): ComposedUnit[] {
  const out: ComposedUnit[] = [];
  let i = 0;
  const n = jamo.length;
  while (i < n) {
    const c = jamo[i]!;
    const next = jamo[i + 1] ?? 0;
    let l = -1;
    let start = i;
    if (isJamoConsonant(c) && isJamoVowel(next) && INITIAL_INDEX.has(c)) {
      l = INITIAL_INDEX.get(c)!;
      i += 1;
    } else if (isJamoVowel(c)) {
      l = INITIAL_INDEX.get(J.ng)!;
    } else {
      out.push({ cp: c, first: i, last: i });
      i += 1;
      continue;
    }
    let v = MEDIAL_INDEX.get(jamo[i]!)!;
    i += 1;
    const pair = VOWEL_PAIRS[String.fromCharCode(medialJamo(v), jamo[i] ?? 0)];
    if (pair !== undefined) {
      v = MEDIAL_INDEX.get(code(pair))!;
      i += 1;
    }
    let t = 0;
    const f = jamo[i] ?? 0;
    // A consonant is a final only when no vowel follows it (otherwise it starts the next syllable).
    if (isJamoConsonant(f) && !isJamoVowel(jamo[i + 1] ?? 0) && FINAL_INDEX.has(f)) {
      t = FINAL_INDEX.get(f)!;
      i += 1;
    }
    out.push({ cp: SYL_BASE + (l * 21 + v) * 28 + t, first: start, last: i - 1 });
    start = i;
  }
  return out;
}

export function syllableParts(cp: number): [number, number, number] {
  const s = cp - SYL_BASE;
  return [Math.floor(s / 588), Math.floor((s % 588) / 28), s % 28];
}
