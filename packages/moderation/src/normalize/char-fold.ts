/**
 * Per-code-point folding for the matcher: compatibility forms (NFKD), case, diacritics,
 * invisible format characters and look-alike letters from other scripts, computed lazily once per
 * code point and cached, so a message pays one array read per character.
 */

/** Atom kinds produced for a code point. */
export const enum Fold {
  /** Not computed yet (cache sentinel). */
  Unknown = 0,
  /** Invisible: zero-width, format characters, combining marks, variation selectors. */
  Ignore = 1,
  /** Space, punctuation, emoji: ends a word. */
  Separator = 2,
  /** Folds to several characters (ß → ss); see `multiFold`. */
  Multi = 3,
}

// Letters from Cyrillic, Greek and other Latin blocks that readers take for ASCII letters.
// Applied after lower-casing, so upper-case look-alikes (Н, В, М, Т, К) arrive here as lower case.
const CONFUSABLES: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  ѕ: 's', і: 'i', ј: 'j', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w', ь: 'b', ӏ: 'i', г: 'r', п: 'n', и: 'u',
  α: 'a', β: 'b', γ: 'y', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u',
  χ: 'x', ω: 'w', ς: 's', σ: 'o', μ: 'u', ϲ: 'c',
  ı: 'i', ł: 'l', ø: 'o', đ: 'd', ħ: 'h', ŧ: 't', ƀ: 'b', ɡ: 'g', ɑ: 'a', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'p',
};

const foldCache = new Uint16Array(0x10000);
const multiFold = new Map<number, string>();
const FORMAT = /^[\p{Cf}\p{M}\u180b-\u180f\ufe00-\ufe0f\u034f\u115f\u1160\u3164\uffa0]$/u;
const LETTER = /^\p{L}$/u;

function foldString(ch: string): string {
  if (FORMAT.test(ch)) return '';
  let s = ch.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  let out = '';
  for (const c of s) out += CONFUSABLES[c] ?? c;
  s = out;
  // Merge l with i: digits and symbols standing for either (1, |, !) become i, so both must agree.
  return s.replaceAll('l', 'i');
}

/** Code unit of a single folded character, or a Fold marker. BMP only (astral code points are separators). */
export function foldCodePoint(cp: number): number {
  if (cp > 0xffff) return Fold.Separator;
  const cached = foldCache[cp]!;
  if (cached !== Fold.Unknown) return cached;
  const s = foldString(String.fromCharCode(cp));
  let value: number;
  if (s.length === 0) value = Fold.Ignore;
  else if (s.length === 1) value = isKept(s) ? s.charCodeAt(0) : Fold.Separator;
  else {
    const kept = [...s].filter(isKept).join('');
    if (kept.length === 0) value = Fold.Separator;
    else if (kept.length === 1) value = kept.charCodeAt(0);
    else {
      multiFold.set(cp, kept);
      value = Fold.Multi;
    }
  }
  // Values 1-3 are markers; no kept character has such a low code.
  foldCache[cp] = value;
  return value;
}

export function multiFoldOf(cp: number): string {
  return multiFold.get(cp) ?? '';
}

/** Characters that can stand for letters: letters, digits, and leetspeak symbols. */
function isKept(c: string): boolean {
  return LETTER.test(c) || (c >= '0' && c <= '9') || LEET_SYMBOLS.has(c) || c === '*';
}

/** Leetspeak: what a digit or symbol stands for when it sits between letters. */
export const LEET: Record<string, string> = {
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g',
  '@': 'a', $: 's', '!': 'i', '|': 'i', '+': 't', '€': 'e', '¢': 'c',
};
const LEET_SYMBOLS = new Set(['@', '$', '!', '|', '+', '€', '¢']);

const lightCache = new Map<number, string>();

/**
 * Light folding for domains and regex rules: compatibility forms, case, invisibles and look-alikes,
 * but no leetspeak and no l/i merge, so a pattern sees text close to what was written.
 */
export function lightFold(cp: number): string {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 32) : String.fromCharCode(cp);
  let s = lightCache.get(cp);
  if (s === undefined) {
    const ch = String.fromCodePoint(cp);
    if (FORMAT.test(ch)) s = '';
    else {
      s = '';
      for (const c of ch.normalize('NFKC').toLowerCase()) s += CONFUSABLES[c] ?? c;
    }
    if (lightCache.size < 100_000) lightCache.set(cp, s);
  }
  return s;
}

export interface FoldedText {
  text: string;
  /** For each UTF-16 unit of `text`, the [start, end) of the original code point it came from. */
  start: Int32Array;
  end: Int32Array;
}

export function lightFoldText(text: string): FoldedText {
  let out = '';
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const f = lightFold(cp);
    for (let k = 0; k < f.length; k++) { starts.push(i); ends.push(i + width); }
    out += f;
    i += width - 1;
  }
  return { text: out, start: Int32Array.from(starts), end: Int32Array.from(ends) };
}
