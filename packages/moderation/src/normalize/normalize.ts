import { Fold, LEET, foldCodePoint, multiFoldOf } from './char-fold';
import {
  CHO_BASE, J, JAMO_FIRST, SYL_BASE, SYL_LAST, canonicalVowel, composeJamo, conjoiningToCompat, finalJamos,
  initialJamo, lax, medialJamo, neutralFinal,
} from './hangul';

/**
 * Text → canonical symbol stream for matching, keeping for every symbol the span of ORIGINAL text
 * (UTF-16 [start, end)) it came from, so a hit can say exactly what it matched.
 *
 * Pipeline: fold each code point (NFKD, case, diacritics, invisibles, look-alikes) → resolve
 * leetspeak inside Latin words → split into pieces by script and separators → join runs of
 * single-letter/single-syllable pieces (spaced-out evasion: "d a m n", "존 나") → emit Latin letters
 * as they are and Hangul as jamo under pronunciation rules → collapse repeated symbols into runs.
 */

export const SEP = 0x20;
export const STAR = 0x2a;

/** Per-symbol flags. */
export const F_WSTART = 1;
export const F_WEND = 2;
export const F_SYLSTART = 4;
export const F_LATIN = 8;
export const F_HANGUL = 16;
export const F_CHO = 32;
/**
 * A digit attached to a Latin word but not standing for a letter (zork99, 2fast, zorkmi3x498). It is
 * part of the word — a term that has it requires it, and a hit's span covers it — while the letters
 * keep their own word edges (F_WSTART/F_WEND), so a term without the digits still hits "damn123".
 */
export const F_ATTACHED = 64;
/**
 * The first symbol of a Hangul piece that a digit or symbol (no space) separated from the previous one
 * (개1새끼, 미친.놈): the pieces are one word, but a hit that crosses this point must start at a word start.
 */
export const F_JOIN = 128;

const K_LETTER = 1;
const K_DIGIT = 2;
const K_LEET = 3;
const K_STAR = 4;
const K_HSYL = 5;
const K_JAMO = 6;
const K_OTHER = 7;
const K_SEP = 8;
/** A digit at the edge of a Latin token that does not read as a letter (set by resolveLeet). */
const K_ADIGIT = 9;

const S_NONE = 0;
const S_LATIN = 1;
const S_HANGUL = 2;
const S_OTHER = 3;
const S_DIGITS = 4;

/** A normalised text. Arrays are longer than `length`; only the first `length` entries are valid. */
export interface Normalized {
  length: number;
  sym: Uint16Array;
  /** How many times the symbol repeated in a row (daaamn → a ×3). */
  run: Uint16Array;
  start: Int32Array;
  end: Int32Array;
  flags: Uint8Array;
  hasStar: boolean;
  /** Whether any symbol came from Hangul, and whether any came from something else (which automata to scan). */
  hasHangul: boolean;
  hasOther: boolean;
  /** Whether some symbol carries F_JOIN (only then do matches check for a crossed filler). */
  hasJoin: boolean;
}

const SCRIPT_OF_KIND = Uint8Array.from([S_NONE, S_LATIN, S_NONE, S_NONE, S_NONE, S_HANGUL, S_HANGUL, S_OTHER, S_NONE, S_LATIN]);

class Growable {
  kind = new Uint8Array(256);
  val = new Int32Array(256);
  start = new Int32Array(256);
  end = new Int32Array(256);
  script = new Uint8Array(256);
  n = 0;
  /** Set when a digit, symbol or `*` was seen: only then does leetspeak resolution have work to do. */
  substitutes = false;
  push(kind: number, val: number, start: number, end: number): void {
    if (this.n === this.kind.length) this.grow();
    const i = this.n++;
    this.script[i] = SCRIPT_OF_KIND[kind]!;
    if (kind === K_DIGIT || kind === K_LEET || kind === K_STAR) this.substitutes = true;
    this.kind[i] = kind;
    this.val[i] = val;
    this.start[i] = start;
    this.end[i] = end;
  }
  private grow(): void {
    const size = this.kind.length * 2;
    const k = new Uint8Array(size); k.set(this.kind); this.kind = k;
    const v = new Int32Array(size); v.set(this.val); this.val = v;
    const s = new Int32Array(size); s.set(this.start); this.start = s;
    const e = new Int32Array(size); e.set(this.end); this.end = e;
    const sc = new Uint8Array(size); sc.set(this.script); this.script = sc;
  }
}

/** Reusable output buffer: evaluate() is synchronous, so one scratch buffer per module is safe. */
export class NormalizedBuffer implements Normalized {
  length = 0;
  sym = new Uint16Array(256);
  run = new Uint16Array(256);
  start = new Int32Array(256);
  end = new Int32Array(256);
  flags = new Uint8Array(256);
  hasStar = false;
  hasHangul = false;
  hasOther = false;
  hasJoin = false;
  private wordStart = 0;

  reset(): void {
    this.length = 0;
    this.hasStar = false;
    this.hasHangul = false;
    this.hasOther = false;
    this.hasJoin = false;
    this.wordStart = 0;
  }

  beginWord(): void {
    this.wordStart = this.length;
  }

  separator(start: number): void {
    if (this.length === 0 || this.sym[this.length - 1] === SEP) return;
    this.append(SEP, start, start, 0);
    this.wordStart = this.length;
  }

  emit(sym: number, start: number, end: number, flags: number): void {
    if ((flags & F_HANGUL) === 0) this.hasOther = true;
    else if ((flags & F_JOIN) !== 0) this.hasJoin = true;
    const last = this.length - 1;
    // Repeats collapse into one symbol with a count, but only inside one word, and never digits: a
    // lengthened letter is an evasion, a lengthened number is another number (catch22 ≠ catch222).
    if (last >= this.wordStart && this.sym[last] === sym && (sym < 0x30 || sym > 0x39)) {
      this.run[last]! += 1;
      this.end[last] = end;
      this.flags[last]! |= flags & (F_WEND | F_SYLSTART | F_JOIN);
      return;
    }
    this.append(sym, start, end, flags);
    if (sym === STAR) this.hasStar = true;
  }

  /**
   * Folds a look-alike pair across two joined single-letter pieces ("p h" reads as "f", "v v" as "w"): the last
   * symbol, the first letter of the pair (from `start`), becomes `sym` ending at `end`, as if the two letters had
   * been written together. A last symbol that is a run loses only its final letter to the pair.
   */
  foldPair(sym: number, start: number, end: number): void {
    const last = this.length - 1;
    const flags = this.flags[last]! & (F_WSTART | F_WEND | F_LATIN);
    if (this.run[last]! > 1) {
      this.run[last]! -= 1;
      this.end[last] = start;
      this.emit(sym, start, end, flags | F_WSTART);
      return;
    }
    this.length = last;
    this.emit(sym, start, end, flags);
  }

  /** Marks the last emitted symbol as a word end (for pieces). */
  markEnd(): void {
    if (this.length > this.wordStart) this.flags[this.length - 1]! |= F_WEND;
  }

  private append(sym: number, start: number, end: number, flags: number): void {
    if (this.length === this.sym.length) this.grow();
    const i = this.length++;
    this.sym[i] = sym;
    this.run[i] = 1;
    this.start[i] = start;
    this.end[i] = end;
    this.flags[i] = flags;
  }

  private grow(): void {
    const size = this.sym.length * 2;
    const s = new Uint16Array(size); s.set(this.sym); this.sym = s;
    const r = new Uint16Array(size); r.set(this.run); this.run = r;
    const a = new Int32Array(size); a.set(this.start); this.start = a;
    const b = new Int32Array(size); b.set(this.end); this.end = b;
    const f = new Uint8Array(size); f.set(this.flags); this.flags = f;
  }

  /** A copy that owns its arrays (for compiled terms). */
  snapshot(): Normalized {
    const n = this.length;
    return {
      length: n, hasStar: this.hasStar, hasHangul: this.hasHangul, hasOther: this.hasOther, hasJoin: this.hasJoin,
      sym: this.sym.slice(0, n), run: this.run.slice(0, n), start: this.start.slice(0, n),
      end: this.end.slice(0, n), flags: this.flags.slice(0, n),
    };
  }
}

const atoms = new Growable();

function pushFolded(cp: number, start: number, end: number): void {
  if (cp < 0x80) {
    if (cp >= 0x61 && cp <= 0x7a) return atoms.push(K_LETTER, cp === 0x6c ? 0x69 : cp, start, end);
    if (cp >= 0x41 && cp <= 0x5a) return atoms.push(K_LETTER, cp === 0x4c ? 0x69 : cp + 32, start, end);
    if (cp >= 0x30 && cp <= 0x39) return atoms.push(K_DIGIT, cp, start, end);
    if (cp === 0x2a) return atoms.push(K_STAR, cp, start, end);
    if (cp === 0x40 || cp === 0x24 || cp === 0x21 || cp === 0x7c || cp === 0x2b) return atoms.push(K_LEET, cp, start, end);
    return atoms.push(K_SEP, cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) ? 1 : 0, start, end);
  }
  if (cp >= SYL_BASE && cp <= SYL_LAST) return atoms.push(K_HSYL, cp, start, end);
  if (cp >= JAMO_FIRST && cp <= 0x3163) return atoms.push(K_JAMO, cp, start, end);
  if (cp >= 0x1100 && cp <= 0x11ff) {
    const c = conjoiningToCompat(cp);
    if (c !== 0) atoms.push(K_JAMO, c, start, end);
    return;
  }
  const f = foldCodePoint(cp);
  if (f === Fold.Ignore) return;
  if (f === Fold.Separator) return atoms.push(K_SEP, cp <= 0xffff && SPACE.test(String.fromCharCode(cp)) ? 1 : 0, start, end);
  if (f === Fold.Multi) {
    for (const ch of multiFoldOf(cp)) pushFolded(ch.charCodeAt(0), start, end);
    return;
  }
  if (f >= 0x61 && f <= 0x7a) return atoms.push(K_LETTER, f, start, end);
  if (f >= 0x30 && f <= 0x39) return atoms.push(K_DIGIT, f, start, end);
  if (f === 0x2a) return atoms.push(K_STAR, f, start, end);
  if (LEET[String.fromCharCode(f)] !== undefined) return atoms.push(K_LEET, f, start, end);
  if ((f >= SYL_BASE && f <= SYL_LAST) || (f >= JAMO_FIRST && f <= 0x3163)) return pushFolded(f, start, end);
  return atoms.push(K_OTHER, f, start, end);
}

const SPACE = /^\s$/u;

/** Decides, inside each token, which digits and symbols stand for Latin letters (d4mn, cr@p, $hit). */
const tokenFrom: number[] = [];
const tokenTo: number[] = [];

function resolveLeet(): void {
  const { kind, val, script, n } = atoms;
  tokenFrom.length = 0;
  tokenTo.length = 0;
  let i = 0;
  while (i < n) {
    if (kind[i] === K_SEP) { script[i] = S_NONE; i++; continue; }
    let j = i;
    let latin = false;
    let onlyDigits = true;
    let substitutes = false;
    while (j < n && kind[j] !== K_SEP) {
      const kd = kind[j]!;
      if (kd === K_LETTER) latin = true;
      if (kd !== K_DIGIT) onlyDigits = false;
      if (kd === K_DIGIT || kd === K_LEET || kd === K_STAR) substitutes = true;
      j++;
    }
    for (let k = i; k < j; k++) {
      const kd = kind[k]!;
      if (kd === K_LETTER) script[k] = S_LATIN;
      else if (kd === K_HSYL || kd === K_JAMO) script[k] = S_HANGUL;
      else if (kd === K_OTHER) script[k] = S_OTHER;
      else if (onlyDigits) script[k] = S_DIGITS;
      else script[k] = S_NONE;
    }
    if (latin && substitutes) {
      for (let k = i; k < j; k++) {
        const kd = kind[k]!;
        if (kd !== K_DIGIT && kd !== K_LEET && kd !== K_STAR) continue;
        // A substitute counts as a letter between letters, or leading a word: $hit, 1d10t.
        let before = false;
        let b = k - 1;
        while (b >= i && (kind[b] === K_DIGIT || kind[b] === K_LEET || kind[b] === K_STAR)) b--;
        if (b >= i && kind[b] === K_LETTER) before = true;
        let a = k + 1;
        while (a < j && (kind[a] === K_DIGIT || kind[a] === K_LEET || kind[a] === K_STAR)) a++;
        const after = a < j && kind[a] === K_LETTER;
        if ((before && after) || (b < i && after && kd !== K_STAR && LEET[String.fromCharCode(val[k]!)] !== undefined)) {
          script[k] = S_LATIN;
          if (kd !== K_STAR) {
            const l = LEET[String.fromCharCode(val[k]!)];
            val[k] = l === undefined ? val[k]! : (l === 'l' ? 0x69 : l.charCodeAt(0));
          }
        }
      }
      // Digits left over at the word's edges are part of the word, not separators (zorkmi3x498 keeps
      // its 498, abc123 its 123): dropping them would let `abc123` hit "abc" and end spans early.
      // Leftover symbols (damn!, he$) stay punctuation.
      let k = i;
      while (k < j) {
        if (kind[k] !== K_DIGIT || script[k] === S_LATIN) { k++; continue; }
        let r = k;
        while (r < j && kind[r] === K_DIGIT && script[r] !== S_LATIN) r++;
        if ((k > i && script[k - 1] === S_LATIN) || (r < j && script[r] === S_LATIN)) {
          for (let m = k; m < r; m++) { kind[m] = K_ADIGIT; script[m] = S_LATIN; }
        }
        k = r;
      }
    }
    tokenFrom.push(i);
    tokenTo.push(j);
    i = j;
  }
  // Spaced-out leetspeak (d 4 m n): a lone substitute between single letters is a letter too.
  for (let t = 1; t + 1 < tokenFrom.length; t++) {
    const k = tokenFrom[t]!;
    if (tokenTo[t]! - k !== 1 || script[k] === S_LATIN) continue;
    const l = LEET[String.fromCharCode(val[k]!)];
    if (l === undefined || (kind[k] !== K_DIGIT && kind[k] !== K_LEET)) continue;
    const p = tokenFrom[t - 1]!;
    const q = tokenFrom[t + 1]!;
    if (tokenTo[t - 1]! - p === 1 && tokenTo[t + 1]! - q === 1 && script[p] === S_LATIN && script[q] === S_LATIN) {
      script[k] = S_LATIN;
      val[k] = l.charCodeAt(0);
    }
  }
}

const jamoScratch: number[] = [];
let unitCp: Int32Array = new Int32Array(256);
let unitStart: Int32Array = new Int32Array(256);
let unitEnd: Int32Array = new Int32Array(256);
/** 1 when the unit starts a piece joined across a filler (F_JOIN). */
let unitJoin: Int32Array = new Int32Array(256);
let units = 0;
function pushUnit(cp: number, s: number, e: number, join: number): void {
  if (units === unitCp.length) {
    const grow = (a: Int32Array): Int32Array => { const b = new Int32Array(a.length * 2); b.set(a); return b; };
    unitCp = grow(unitCp); unitStart = grow(unitStart); unitEnd = grow(unitEnd); unitJoin = grow(unitJoin);
  }
  unitCp[units] = cp; unitStart[units] = s; unitEnd[units] = e; unitJoin[units] = join;
  units++;
}

/**
 * Where the current Hangul word was joined across a filler (digits or symbols, no space): atom or code-unit
 * indices of the first character after each such gap, in order.
 */
let joinAt = new Int32Array(64);
let joinCount = 0;
let joinCursor = 0;
function pushJoin(index: number): void {
  if (joinCount === joinAt.length) { const b = new Int32Array(joinCount * 2); b.set(joinAt); joinAt = b; }
  joinAt[joinCount++] = index;
}
/** 1 when the unit starting at `index` (ascending across calls for one word) begins a filler-joined piece. */
function joinMark(index: number): number {
  if (joinCount === 0) return 0;
  while (joinCursor < joinCount && joinAt[joinCursor]! < index) joinCursor++;
  return joinCursor < joinCount && joinAt[joinCursor] === index ? 1 : 0;
}

function emitHangulWord(out: NormalizedBuffer, from: number, to: number): void {
  const { kind, val, start, end, script } = atoms;
  units = 0;
  let k = from;
  joinCursor = 0;
  while (k < to) {
    if (script[k] !== S_HANGUL) { k++; continue; }
    if (kind[k] === K_HSYL) {
      pushUnit(val[k]!, start[k]!, end[k]!, joinMark(k));
      k++;
      continue;
    }
    // A run of typed jamo: compose it (separators inside a joined word are skipped).
    jamoScratch.length = 0;
    const idx: number[] = [];
    while (k < to && (kind[k] === K_JAMO || script[k] !== S_HANGUL)) {
      if (kind[k] === K_JAMO) { jamoScratch.push(val[k]!); idx.push(k); }
      k++;
    }
    for (const u of composeJamo(jamoScratch)) {
      // A filler inside a composed syllable (ㅈ.ㅗㄴ) marks nothing: only a unit's first jamo can start a piece.
      pushUnit(u.cp, start[idx[u.first]!]!, end[idx[u.last]!]!, joinMark(idx[u.first]!));
    }
  }
  emitUnits(out);
}

/** Emits the collected units (syllables and standalone jamo) of one Hangul word under the pronunciation rules. */
function emitUnits(out: NormalizedBuffer): void {
  if (units > 0) out.hasHangul = true;
  let onsetOverride = 0;
  for (let u = 0; u < units; u++) {
    const cp = unitCp[u]!;
    const s = unitStart[u]!;
    const e = unitEnd[u]!;
    // A word start: the word's first unit, or the first after a filler (the matcher's boundary rules read it).
    const edge = u === 0 ? F_WSTART : unitJoin[u] === 1 ? F_WSTART | F_JOIN : 0;
    if (cp < SYL_BASE) {
      out.emit(CHO_BASE + (cp - JAMO_FIRST), s, e, F_CHO | F_SYLSTART | F_HANGUL | edge);
      onsetOverride = 0;
      continue;
    }
    const so = cp - SYL_BASE;
    const l = (so / 588) | 0;
    const v = ((so % 588) / 28) | 0;
    const t = so % 28;
    const rawOnset = initialJamo(l);
    const onset = onsetOverride !== 0 ? onsetOverride : lax(rawOnset);
    onsetOverride = 0;
    let first = F_SYLSTART | F_HANGUL | edge;
    if (onset !== J.ng) {
      out.emit(onset, s, e, first);
      first = F_HANGUL;
    }
    out.emit(canonicalVowel(medialJamo(v), rawOnset), s, e, first);
    if (t === 0) continue;
    const nextCp = u + 1 < units ? unitCp[u + 1]! : 0;
    const nextIsSyl = nextCp >= SYL_BASE;
    const nextOnset = nextIsSyl ? lax(initialJamo(((nextCp - SYL_BASE) / 588) | 0)) : 0;
    if (nextIsSyl && nextOnset === J.ng) {
      // Batchim moves into the silent onset of the next syllable (먹어 = 머거); ㅎ falls silent (좋아 = 조아).
      const cons = finalJamos(t);
      for (let c = 0; c < cons.length; c++) {
        const jm = lax(cons[c]!);
        if (jm === J.h) continue;
        out.emit(jm, s, e, c === cons.length - 1 ? F_HANGUL | F_SYLSTART : F_HANGUL);
      }
      continue;
    }
    let coda = neutralFinal(t);
    const finals = finalJamos(t);
    const hFinal = finals[finals.length - 1] === J.h;
    if (nextIsSyl) {
      if (hFinal && (nextOnset === J.g || nextOnset === J.d || nextOnset === J.j)) {
        // ㅎ + ㄱ/ㄷ/ㅈ is heard aspirated (좋고 = 조코).
        onsetOverride = nextOnset === J.g ? J.k : nextOnset === J.d ? J.t : J.ch;
        if (finals.length === 1) continue;
        coda = finals[0]!;
      } else if ((coda === J.g || coda === J.d || coda === J.b) && nextOnset === J.h) {
        onsetOverride = coda === J.g ? J.k : coda === J.d ? J.t : J.p;
        continue;
      } else if ((coda === J.g || coda === J.d || coda === J.b) && (nextOnset === J.n || nextOnset === J.m)) {
        coda = coda === J.g ? J.ng : coda === J.d ? J.n : J.m; // nasalisation: 좆나 = 존나
      } else if ((coda === J.n || coda === J.r) && (nextOnset === J.n || nextOnset === J.r)) {
        // Nasal/liquid clusters are one class (신라 = 실라, 존나 ~ 졸라).
        coda = J.n;
        onsetOverride = J.n;
      }
    }
    out.emit(coda, s, e, F_HANGUL);
  }
}

/**
 * Plain-text classes for the fast path, by ASCII code: letters, digits, leetspeak symbols (and `*`),
 * separators (space, punctuation).
 */
/** The last consonant of the compatibility jamo block (vowels follow from ㅏ U+314F). */
const JAMO_LAST_CONSONANT = 0x314e;
const P_LETTER = 1;
const P_DIGIT = 2;
const P_SUBST = 3;
const P_SEP = 4;
const P_HANGUL = 5;
const PLAIN = new Uint8Array(0x80);
for (let c = 0; c < 0x80; c++) {
  const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  const digit = c >= 0x30 && c <= 0x39;
  const subst = c === 0x2a || c === 0x40 || c === 0x24 || c === 0x21 || c === 0x7c || c === 0x2b;
  PLAIN[c] = letter ? P_LETTER : digit ? P_DIGIT : subst ? P_SUBST : P_SEP;
}
/** Script of an ASCII character when its word holds no digit or symbol (the common case). */
const PLAIN_SCRIPT = Uint8Array.from(PLAIN, (k) => (k === P_LETTER ? S_LATIN : S_NONE));
/** Per code unit of the text: the script the fast path gives it. */
let plainScript = new Uint8Array(256);

/** Class of a code unit the first pass has accepted. */
function plainClassAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 0x80 ? PLAIN[c]! : c >= 0xd800 && c <= 0xdfff ? P_SEP : P_HANGUL;
}

/**
 * Classifies `text` for the fast path and decides each unit's script the way the general path would
 * (kinds, then resolveLeet). Returns false when the text needs the general path: a character that
 * folds (full-width, accents, look-alikes, invisibles, BMP symbols), a vowel jamo to compose, a lone
 * surrogate, or digits and symbols that could stand for letters (inside a Latin word, or alone between
 * single letters).
 */
function classifyPlain(text: string): boolean {
  const len = text.length;
  if (len > plainScript.length) plainScript = new Uint8Array(len * 2);
  const script = plainScript;
  let substitutes = false;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      script[i] = PLAIN_SCRIPT[c]!;
      if (PLAIN[c] === P_DIGIT || PLAIN[c] === P_SUBST) substitutes = true;
      continue;
    }
    if ((c >= SYL_BASE && c <= SYL_LAST) || (c >= JAMO_FIRST && c <= JAMO_LAST_CONSONANT)) { script[i] = S_HANGUL; continue; }
    // An astral code point (emoji) always folds to a separator.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) { script[i] = S_NONE; script[i + 1] = S_NONE; i++; continue; }
    }
    return false;
  }
  return !substitutes || resolvePlainSubstitutes(text);
}

/** resolveLeet for the fast path: tokens (runs without a separator) that hold digits or symbols. */
function resolvePlainSubstitutes(text: string): boolean {
  const len = text.length;
  const script = plainScript;
  let prevFrom = -1; // the previous token
  let prevTo = -1;
  let i = 0;
  while (i < len) {
    if (plainClassAt(text, i) === P_SEP) { i++; continue; }
    let j = i;
    let lastLetter = -1;
    let digits = 0;
    for (; j < len; j++) {
      const k = plainClassAt(text, j);
      if (k === P_SEP) break;
      if (k === P_LETTER) lastLetter = j;
      else if (k === P_DIGIT) digits++;
    }
    if (lastLetter >= 0) {
      // A Latin word: digits may be letters or attached, symbols before its last letter may be letters.
      if (digits > 0) return false;
      for (let k = i; k < lastLetter; k++) if (plainClassAt(text, k) === P_SUBST) return false;
      // Symbols after the last letter stay punctuation (damn!, gg!!): their script is already S_NONE.
    } else {
      const onlyDigits = digits === j - i;
      for (let k = i; k < j; k++) if (script[k] !== S_HANGUL) script[k] = onlyDigits ? S_DIGITS : S_NONE;
      // Spaced-out leetspeak (d 4 m n): a lone digit or symbol between single letters is read as a letter.
      if (j - i === 1 && script[i] !== S_HANGUL && prevTo - prevFrom === 1 && script[prevFrom] === S_LATIN) return false;
    }
    prevFrom = i;
    prevTo = j;
    i = j;
  }
  return true;
}

/** Whether `text` takes the fast path (for tests). */
export function takesFastPath(text: string): boolean {
  return classifyPlain(text);
}

/**
 * The fast path for the common message: ASCII letters, punctuation and numbers, emoji, precomposed
 * Hangul syllables and typed consonants (ㅋㅋ, ㅅㄲ). It produces exactly what the general path does (a
 * property test compares them) while skipping its per-character atom buffer and folding: every piece is
 * a run of letters, digits or Hangul units, with no leetspeak to resolve and no vowel jamo to compose (a
 * consonant with no vowel is a unit of its own). Returns false, having written nothing usable, for any
 * other text.
 */
function normalizePlain(text: string, out: NormalizedBuffer): boolean {
  if (!classifyPlain(text)) return false;
  const script = plainScript;
  const len = text.length;
  out.reset();
  let i = 0;
  let gap = false;
  let gapSpace = false;
  let prevScript = S_NONE;
  let prevSingle = false;
  let wordFrom = -1; // current Hangul word (code units), emitted when it ends
  let wordTo = -1;
  let pairFrom = 0; // the previous piece's letter when it was a single Latin letter (lower case), else 0
  let pairStart = 0;
  joinCount = 0;
  while (i < len) {
    const sc = script[i]!;
    if (sc === S_NONE) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) gapSpace = true;
      gap = true;
      i++;
      continue;
    }
    let j = i + 1;
    while (j < len && script[j] === sc) j++;
    const single = j - i === 1;
    // Hangul on both sides of digits or symbols with no space between is one word (개1새끼, 미친.놈).
    const filler = gap && !gapSpace && sc === S_HANGUL && prevScript === S_HANGUL;
    const joined = filler || (gap && single && prevSingle && sc === prevScript);
    if (!joined) {
      if (wordFrom >= 0) emitPlainHangulWord(out, text, wordFrom, wordTo);
      wordFrom = -1;
      joinCount = 0;
      if (gap) out.separator(i);
      out.beginWord();
    } else if (filler) pushJoin(i);
    if (sc === S_HANGUL) {
      if (wordFrom < 0) wordFrom = i;
      wordTo = j;
    } else if (sc === S_LATIN) {
      const letter = text.charCodeAt(i) | 0x20;
      const pair = joined && single && pairFrom !== 0 ? lookAlikePair(pairFrom, letter) : 0;
      if (pair !== 0) {
        out.foldPair(pair, pairStart, j);
        pairFrom = 0;
      } else {
        pairFrom = single ? letter : 0;
        pairStart = i;
      }
      for (let k = pair !== 0 ? j : i; k < j; k++) {
        let v = text.charCodeAt(k) | 0x20; // lower case
        const from = k;
        if ((v === 0x70 || v === 0x76) && k + 1 < j) {
          const pair = lookAlikePair(v, text.charCodeAt(k + 1) | 0x20);
          if (pair !== 0) { v = pair; k++; }
        }
        out.emit(LATIN_FOLD[v]!, from, k + 1, (from === i ? F_WSTART : 0) | F_LATIN);
      }
      out.markEnd();
    } else {
      pairFrom = 0;
      for (let k = i; k < j; k++) out.emit(text.charCodeAt(k), k, k + 1, k === i ? F_WSTART : 0);
      out.markEnd();
    }
    prevScript = sc;
    prevSingle = single;
    gap = false;
    gapSpace = false;
    i = j;
  }
  if (wordFrom >= 0) emitPlainHangulWord(out, text, wordFrom, wordTo);
  return true;
}

/** A joined Hangul word of plain text: its syllables and consonants, the separators between them skipped. */
function emitPlainHangulWord(out: NormalizedBuffer, text: string, from: number, to: number): void {
  units = 0;
  joinCursor = 0;
  for (let k = from; k < to; k++) if (plainScript[k] === S_HANGUL) pushUnit(text.charCodeAt(k), k, k + 1, joinMark(k));
  emitUnits(out);
}

/**
 * Latin letter-for-letter look-alikes, folded in the text and in the terms alike: `v` reads as `u` (fvck),
 * `ph` as `f` (phuck), `vv` as `w` (vvanker); `l` and `i` are one letter (see char-fold). Lower-case ASCII in,
 * canonical letter out.
 */
const LATIN_FOLD = Uint16Array.from({ length: 0x80 }, (_, c) => (c === 0x6c ? 0x69 : c === 0x76 ? 0x75 : c));
/** The letter a pair of lower-case letters stands for (ph → f, vv → w), or 0. */
function lookAlikePair(a: number, b: number): number {
  if (a === 0x70 && b === 0x68) return 0x66;
  if (a === 0x76 && b === 0x76) return 0x77;
  return 0;
}

/** Normalises `text` into `out` (reset first). */
export function normalizeInto(text: string, out: NormalizedBuffer): void {
  if (!normalizePlain(text, out)) normalizeGeneralInto(text, out);
}

/** The general path: any text. Exported for the test that compares it with the fast path. */
export function normalizeGeneralInto(text: string, out: NormalizedBuffer): void {
  out.reset();
  atoms.n = 0;
  atoms.substitutes = false;
  const len = text.length;
  for (let i = 0; i < len; i++) {
    let cp = text.charCodeAt(i);
    const start = i;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < len) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    pushFolded(cp, start, i + 1);
  }
  // Without digits or symbols every atom's script is already known from its kind.
  if (atoms.substitutes) resolveLeet();
  emitPieces(out);
}

function emitPieces(out: NormalizedBuffer): void {
  const { kind, val, start, end, script, n } = atoms;
  // Pieces: maximal runs of one script. `gap` = separated from the previous piece by a separator.
  let i = 0;
  let gap = false;
  let gapSpace = false;
  let prevScript = S_NONE;
  let prevSingle = false;
  let wordFrom = -1; // current Hangul word (atoms), emitted when it ends
  let wordTo = -1;
  let pairFrom = 0; // the previous piece's letter when it was one Latin letter, else 0
  let pairStart = 0;
  joinCount = 0;
  while (i < n) {
    const sc = script[i]!;
    if (sc === S_NONE) {
      if (kind[i] === K_SEP && val[i] === 1) gapSpace = true;
      gap = true;
      i++;
      continue;
    }
    let j = i + 1;
    let jamo = kind[i] === K_JAMO;
    let attached = kind[i] === K_ADIGIT ? 1 : 0;
    while (j < n && script[j] === sc) {
      if (kind[j] === K_JAMO) jamo = true;
      else if (kind[j] === K_ADIGIT) attached++;
      j++;
    }
    // Attached digits do not make a piece longer: "d a m n2" is still spaced-out letters.
    let units = j - i - attached;
    if (jamo && units > 1) {
      // Typed jamo with vowels compose into fewer syllables; count syllables, not keystrokes.
      let syl = 0; let vowels = 0; let cons = 0;
      for (let k = i; k < j; k++) {
        if (kind[k] === K_HSYL) syl++;
        else if (val[k]! >= 0x314f) vowels++;
        else cons++;
      }
      units = syl + (vowels > 0 ? vowels : cons);
    }
    const single = units === 1;
    const filler = gap && !gapSpace && sc === S_HANGUL && prevScript === S_HANGUL;
    const joined = filler || (gap && single && prevSingle && sc === prevScript);
    if (!joined) {
      if (wordFrom >= 0) emitHangulWord(out, wordFrom, wordTo);
      wordFrom = -1;
      joinCount = 0;
      if (gap) out.separator(start[i]!);
      out.beginWord();
    } else if (filler) pushJoin(i);
    if (sc === S_HANGUL) {
      if (wordFrom < 0) wordFrom = i;
      wordTo = j;
    } else {
      const oneLetter = sc === S_LATIN && j - i === 1 && kind[i] === K_LETTER;
      const pair = joined && oneLetter && pairFrom !== 0 ? lookAlikePair(pairFrom, val[i]!) : 0;
      if (pair !== 0) {
        out.foldPair(pair, pairStart, end[i]!);
        pairFrom = 0;
      } else {
        pairFrom = oneLetter ? val[i]! : 0;
        pairStart = start[i]!;
      }
      const latinFlag = sc === S_LATIN ? F_LATIN : 0;
      for (let k = pair !== 0 ? j : i; k < j; k++) {
        const kd = kind[k]!;
        if (kd === K_ADIGIT) {
          out.emit(val[k]!, start[k]!, end[k]!, (k === i ? F_WSTART : 0) | latinFlag | F_ATTACHED);
          continue;
        }
        // The letters keep their own edges inside attached digits (2fast, zork99).
        const wstart = k === i || (attached > 0 && kind[k - 1] === K_ADIGIT);
        let v = kd === K_STAR ? 0x2a : val[k]!;
        let last = k;
        if (latinFlag !== 0 && kd !== K_STAR) {
          const pair = k + 1 < j && kind[k + 1] !== K_ADIGIT && kind[k + 1] !== K_STAR ? lookAlikePair(v, val[k + 1]!) : 0;
          if (pair !== 0) { v = pair; last = k + 1; }
          if (v < 0x80) v = LATIN_FOLD[v]!;
        }
        out.emit(v, start[k]!, end[last]!, (wstart ? F_WSTART : 0) | latinFlag);
        k = last;
        if (attached > 0 && k + 1 < j && kind[k + 1] === K_ADIGIT) out.markEnd();
      }
      out.markEnd();
    }
    prevScript = sc;
    prevSingle = single;
    gap = false;
    gapSpace = false;
    i = j;
  }
  if (wordFrom >= 0) emitHangulWord(out, wordFrom, wordTo);
}

/** Normalises into a fresh, owned result (terms at compile time, tests). */
const termBuffer = new NormalizedBuffer();
export function normalize(text: string): Normalized {
  normalizeInto(text, termBuffer);
  return termBuffer.snapshot();
}

/** The canonical stream as a readable string (jamo and letters; choseong shown as jamo). */
export function symbolsToString(n: Normalized, from = 0, to = n.length): string {
  let s = '';
  for (let i = from; i < to; i++) {
    const c = n.sym[i]!;
    const ch = String.fromCharCode(c >= CHO_BASE && c < CHO_BASE + 0x40 ? c - CHO_BASE + JAMO_FIRST : c);
    s += n.run[i]! > 1 ? ch.repeat(Math.min(n.run[i]!, 2)) : ch;
  }
  return s;
}
