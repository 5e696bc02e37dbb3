import type { AllowedPhrase, RuleHit, WordRule } from '@tribune/contracts';
import { RE2JS } from 're2js';
import { lightFoldText } from '../normalize/char-fold';
import { CHO_BASE, JAMO_FIRST, SYL_BASE, SYL_LAST, VOWEL_VARIANTS, syllableParts } from '../normalize/hangul';
import {
  F_ATTACHED, F_CHO, F_HANGUL, F_JOIN, F_LATIN, F_SYLSTART, F_WEND, F_WSTART, STAR, SEP, NormalizedBuffer, normalizeInto, symbolsToString, type Normalized,
} from '../normalize/normalize';
import { FUZZY_FOLLOWERS, coarseInto, editBudget, withoutFinal } from './fuzzy';
import type { RulesIssue } from '../errors';
import { AhoCorasick, AhoCorasickBuilder } from './aho-corasick';
import { canonicalDomain, domainCovers, findDomains } from './domains';
import { matchesEmpty, regexOccurrences } from './regex-hits';

/**
 * Word rules and allowed phrases compiled into one automaton over the normalised stream, plus the
 * two kinds that do not fit it: domains (matched on extracted links) and regex rules (RE2, linear).
 */

const enum Boundary {
  /** Latin word: starts at a word start, ends at a word end (or an inflection: dicks, damned). */
  LatinWord,
  /** Anywhere. */
  Contains,
  /** Hangul: starts at a syllable; Korean attaches particles and endings, so the end is free. */
  Hangul,
}

/**
 * Patterns as parallel arrays: tens of thousands of them are built on every compile, and objects that
 * all survive would make each compile pay for their allocation and for copying them out of the young heap.
 */
class PatternTable {
  count = 0;
  rule = new Int32Array(256);
  /** Boundary in the low bits, ALLOW_BIT for allowed phrases. */
  meta = new Uint8Array(256);
  len = new Int32Array(256);
  /** Minimum repeat count per symbol, only for patterns that have a doubled letter (null otherwise). */
  minRun: (readonly number[] | null)[] = [];
  /**
   * Hangul patterns sit in the automaton in their coarse form (see fuzzy.ts); this is the exact form a
   * match is compared with, one edit per differing symbol. Null for patterns whose coarse form is exact.
   */
  fineStart = new Int32Array(256);
  /** Every exact form, back to back (one array rather than one per pattern: tens of thousands of them). */
  fineData = new Uint16Array(1024);
  private fineLength = 0;
  /** Edits already spent by the variant (a dropped final), and the most the term allows in all. */
  spent = new Uint8Array(256);
  budget = new Uint8Array(256);

  add(
    rule: number, allow: boolean, boundary: Boundary, len: number, minRun: readonly number[] | null,
    fine: readonly number[] | null = null, spent = 0, budget = 0, assimilated = false, tail = false,
  ): number {
    if (this.count === this.rule.length) {
      const size = this.count * 2;
      const r = new Int32Array(size); r.set(this.rule); this.rule = r;
      const m = new Uint8Array(size); m.set(this.meta); this.meta = m;
      const l = new Int32Array(size); l.set(this.len); this.len = l;
      const sp = new Uint8Array(size); sp.set(this.spent); this.spent = sp;
      const b = new Uint8Array(size); b.set(this.budget); this.budget = b;
      const f = new Int32Array(size); f.set(this.fineStart); this.fineStart = f;
    }
    const i = this.count++;
    this.rule[i] = rule;
    this.meta[i] = boundary | (allow ? ALLOW_BIT : 0) | (assimilated ? ASSIM_BIT : 0) | (tail ? TAIL_BIT : 0);
    this.len[i] = len;
    this.spent[i] = spent;
    this.budget[i] = budget;
    this.minRun.push(minRun);
    if (fine === null) this.fineStart[i] = -1;
    else {
      if (this.fineLength + fine.length > this.fineData.length) {
        const d = new Uint16Array(Math.max(this.fineData.length * 2, this.fineLength + fine.length)); d.set(this.fineData); this.fineData = d;
      }
      this.fineStart[i] = this.fineLength;
      this.fineData.set(fine, this.fineLength);
      this.fineLength += fine.length;
    }
    return i;
  }
}
const ALLOW_BIT = 8;
/** The last final was changed as the next syllable would change it (닥 → 당 before ㄴ): only valid there. */
const ASSIM_BIT = 16;
/** The pattern's last symbol (a final consonant) is not in the automaton: collect() reads it after the match. */
const TAIL_BIT = 32;
const BOUNDARY_MASK = 7;

/** English inflections a word rule still catches (collapsed, with l folded to i). */
const SUFFIXES = ['s', 'es', 'ed', 'er', 'ers', 'ing'].map((s) => Array.from(s, (c) => c.charCodeAt(0)));
/** Compile is synchronous: one buffer holds each term's normal form while its patterns are added. */
const termBuffer = new NormalizedBuffer();
/** Star variants double the pattern count; they are built on the first message that contains a `*`. */
const STAR_MIN_LEN = 3;
/** The fewest symbols a fuzzy variant keeps in the automaton. */
const MIN_FUZZY_SYMBOLS = 4;

export interface CompiledWordRules {
  match(norm: Normalized, text: string, room: string, ts: number): RuleHit[];
  readonly patternCount: number;
}

interface RegexRule { rule: number; re: RE2JS }

export function compileWordRules(words: readonly WordRule[], allowed: readonly AllowedPhrase[], issues: RulesIssue[]): CompiledWordRules {
  const patterns = new PatternTable();
  // Two automata: patterns with Hangul, scanned only for messages with Hangul, and the rest, scanned only for
  // messages with something else, so neither script pays for the other's patterns (and Hangul's variants).
  // Size them once: a Latin letter is one symbol, a Hangul syllable ~2.5 jamo times its variants.
  let latinSymbols = 0;
  let hangulSymbols = 0;
  const estimate = (t: string): void => {
    let n = 0;
    let hangul = false;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c >= 0x3000) hangul = true;
      n += c < 0x3000 ? 1 : 12;
    }
    if (hangul) hangulSymbols += n;
    else latinSymbols += n;
  };
  for (const w of words) estimate(w.term);
  for (const a of allowed) estimate(a.phrase);
  const builder = new AhoCorasickBuilder(latinSymbols);
  const hangulBuilder = new AhoCorasickBuilder(hangulSymbols);
  /** Latin word rules that get `*` variants (rule indices; their forms are rebuilt when the star automaton is). */
  const starSources: number[] = [];
  const domains = new Map<string, number[]>();
  const regexes: RegexRule[] = [];
  const term = termBuffer;

  /**
   * Adds the term form in `term` (the shared buffer) as one pattern, or as its Hangul variants in coarse
   * form; `spent` edits were made to get this form, `budget` is the term's allowance (0: exact only).
   */
  const coarse = new Uint16Array(64);
  const addTerm = (rule: number, allow: boolean, boundary: Boundary, spent = 0, budget = 0, variants = true): void => {
    const n = term.length;
    let minRun: number[] | null = null;
    let hangul = false;
    let script = false;
    for (let i = 0; i < n; i++) {
      const c = term.sym[i]!;
      if (c >= 0x314f && c <= 0x3163) hangul = true;
      if ((term.flags[i]! & F_HANGUL) !== 0) script = true;
      if (term.run[i]! > 1) minRun ??= Array.from(term.run.subarray(0, n));
    }
    if (!hangul) {
      (script ? hangulBuilder : builder).add(term.sym, patterns.add(rule, allow, boundary, n, minRun), n);
      return;
    }
    const c = n <= coarse.length ? coarse : new Uint16Array(n);
    // A final at the end of the term may stand as a final, move into the next syllable's silent onset
    // (븅신아) or merge with the next onset (씨팔놈): the automaton stops before it and collect() finds it.
    const tail = n > 1 && isFinalConsonant(term.sym[n - 1]!);
    // A variant that shrank to a couple of symbols (쬬오 → ㅈㅗㅗ) would match almost anything: not worth an edit.
    if (spent > 0 && (tail ? n - 1 : n) < MIN_FUZZY_SYMBOLS) return;
    const sym = Array.from(term.sym.subarray(0, n));
    for (const variant of variants ? hangulVariants(sym) : [{ sym, assimilated: false }]) {
      const fine = variant.sym;
      coarseInto(fine, term.flags, n, c);
      const len = tail ? n - 1 : n;
      hangulBuilder.add(c, patterns.add(rule, allow, boundary, len, minRun, fine, spent, budget, variant.assimilated, tail), len);
    }
  };

  words.forEach((rule, index) => {
    if (rule.match === 'regex') {
      let re: RE2JS;
      try {
        re = RE2JS.compile(rule.term, RE2JS.CASE_INSENSITIVE);
      } catch (err) {
        issues.push({ ruleId: rule.id, field: 'term', message: `not an RE2 regular expression: ${(err as Error).message}` });
        return;
      }
      if (matchesEmpty(re)) {
        issues.push({ ruleId: rule.id, field: 'term', message: 'matches the empty string, so it would hit every message' });
        return;
      }
      regexes.push({ rule: index, re });
      return;
    }
    const domain = rule.term.includes('.') ? canonicalDomain(rule.term) : null;
    if (domain !== null) {
      domains.set(domain, [...(domains.get(domain) ?? []), index]);
      return;
    }
    normalizeInto(rule.term, term);
    const n = term.length;
    if (n === 0) {
      issues.push({ ruleId: rule.id, field: 'term', message: 'has no letters to match after normalisation' });
      return;
    }
    const latin = (term.flags[0]! & F_LATIN) !== 0;
    // A number (1488) is a word too: it must not hit inside 14880 or x1488.
    let number = true;
    for (let i = 0; i < n && number; i++) number = isDigitSym(term.sym[i]!) || term.sym[i] === SEP;
    const boundary = rule.match === 'contains' ? Boundary.Contains
      : latin || number ? Boundary.LatinWord : isHangulSym(term.sym[0]!) ? Boundary.Hangul : Boundary.Contains;
    if (latin && n >= STAR_MIN_LEN && !term.hasStar) starSources.push(index);
    const budget = boundary === Boundary.Hangul ? editBudget(rule.term) : 0;
    addTerm(index, false, boundary, 0, budget);
    if (latin) return;
    // A dropped final (존나 → 조나) changes how the neighbours are heard, so each is normalised as written.
    if (budget > 0) {
      for (const variant of withoutFinal(rule.term)) {
        normalizeInto(variant, term);
        // Its spelling variants would spend a second edit, which two- and three-syllable terms do not have.
        if (term.length > 0) addTerm(index, false, boundary, 1, budget, budget > 1);
      }
    }
    // Choseong abbreviation (ㅅㄲ for 새끼): the initials as written, for terms of two or more syllables.
    const syllables = [...rule.term.trim()];
    if (syllables.length >= 2 && syllables.every((c) => c.charCodeAt(0) >= SYL_BASE && c.charCodeAt(0) <= SYL_LAST)) {
      const cho = syllables.map((c) => CHO_BASE + (INITIAL_COMPAT.charCodeAt(syllableParts(c.charCodeAt(0))[0]) - JAMO_FIRST));
      const collapsed: number[] = [];
      const runs: number[] = [];
      for (const c of cho) {
        if (collapsed[collapsed.length - 1] === c) runs[runs.length - 1]! += 1;
        else { collapsed.push(c); runs.push(1); }
      }
      const typed = String.fromCharCode(...cho.map((c) => c - CHO_BASE + JAMO_FIRST));
      // One consonant repeated (ㅋㅋ, ㅎㅎ, ㄷㄷ) is laughter or an interjection, and a few pairs are everyday chat
      // shorthand; an abbreviation that collides with them would block ordinary messages.
      if (collapsed.length > 1 && !CHAT_SHORTHAND.has(typed)) {
        const minRun = runs.some((r) => r > 1) ? runs : null;
        hangulBuilder.add(collapsed, patterns.add(index, false, Boundary.Contains, collapsed.length, minRun));
      }
    }
  });

  allowed.forEach((phrase, index) => {
    normalizeInto(phrase.phrase, term);
    if (term.length === 0) {
      issues.push({ ruleId: phrase.id, field: 'phrase', message: 'has no letters to match after normalisation' });
      return;
    }
    addTerm(index, true, Boundary.Contains);
  });

  const automaton = builder.build();
  const hangulAutomaton = hangulBuilder.build();
  let starAutomaton: AhoCorasick | null = null;
  const starPatterns = new PatternTable();
  const buildStar = (): AhoCorasick => {
    const b = new AhoCorasickBuilder();
    for (const rule of starSources) {
      normalizeInto(words[rule]!.term, term);
      const len = term.length;
      const sym = Array.from(term.sym.subarray(0, len));
      const run = Array.from(term.run.subarray(0, len));
      const boundary = words[rule]!.match === 'contains' ? Boundary.Contains : Boundary.LatinWord;
      // One or two neighbouring letters (not the first) written as `*`: f*ck, f**k, sh*t.
      for (let width = 1; width <= 2; width++) {
        for (let i = 1; i + width <= len; i++) {
          const variant = [...sym.slice(0, i), STAR, ...sym.slice(i + width)];
          const runs = [...run.slice(0, i), 1, ...run.slice(i + width)];
          b.add(variant, starPatterns.add(rule, false, boundary, variant.length, runs.some((r) => r > 1) ? runs : null));
        }
      }
    }
    return b.build();
  };

  return {
    patternCount: patterns.count,
    match(norm, text, room, ts) {
      if (norm.hasOther) automaton.scan(norm.sym, norm.length);
      else automaton.matchCount = 0;
      // Hangul is scanned in its coarse form (fuzzy.ts).
      if (norm.hasHangul) {
        if (scanBuffer.length < norm.length) scanBuffer = new Uint16Array(norm.length * 2);
        coarseInto(norm.sym, norm.flags, norm.length, scanBuffer);
        hangulAutomaton.scan(scanBuffer, norm.length);
      } else hangulAutomaton.matchCount = 0;
      const star = norm.hasStar && starSources.length > 0;
      // Fast path: the usual clean message allocates nothing but the empty result.
      if (automaton.matchCount === 0 && hangulAutomaton.matchCount === 0 && !star && domains.size === 0 && regexes.length === 0) return [];
      found.count = 0;
      allowedFound.count = 0;
      collect(automaton, patterns, norm, text, words, allowed, room, ts);
      collect(hangulAutomaton, patterns, norm, text, words, allowed, room, ts);
      if (star) {
        starAutomaton ??= buildStar();
        starAutomaton.scan(norm.sym, norm.length);
        collect(starAutomaton, starPatterns, norm, text, words, allowed, room, ts);
      }
      const hits: RuleHit[] = [];
      for (let k = 0; k < found.count; k++) {
        const r = found.rule[k]!;
        const s = found.s[k]!;
        const e = found.e[k]!;
        const ws = found.ws[k]!;
        const we = found.we[k]!;
        let permitted = false;
        for (let a = 0; a < allowedFound.count && !permitted; a++) permitted = allowedFound.s[a]! <= s && e <= allowedFound.e[a]!;
        if (permitted) continue;
        // Variants of one rule can match the same place: report it once.
        let dup = false;
        for (let q = 0; q < k && !dup; q++) dup = found.rule[q] === r && found.ws[q] === ws && found.we[q] === we;
        if (dup) continue;
        const rule = words[r]!;
        const span: [number, number] = [norm.start[ws]!, norm.end[we]!];
        hits.push({ ruleId: rule.id, kind: 'word', term: rule.term, action: rule.action, span, normalized: symbolsToString(norm, ws, we + 1) });
      }
      if (domains.size > 0) {
        for (const d of findDomains(text)) {
          for (const [listed, rules] of domains) {
            if (!domainCovers(listed, d.domain)) continue;
            for (const r of rules) {
              const rule = words[r]!;
              if (applies(rule, room, ts)) hits.push({ ruleId: rule.id, kind: 'word', term: rule.term, action: rule.action, span: d.span, normalized: d.domain });
            }
          }
        }
      }
      if (regexes.length > 0) {
        const folded = lightFoldText(text);
        for (const { rule: r, re } of regexes) {
          const rule = words[r]!;
          if (!applies(rule, room, ts)) continue;
          // Every occurrence is a hit, so a mask covers each copy ("free coins … free coins").
          const { ranges, more } = regexOccurrences(re, folded.text);
          for (let k = 0; k < ranges.length; k++) {
            const [s, end] = ranges[k]!;
            // Past the cap the last hit reaches to the end of the text, so a mask leaves no later copy visible.
            const spanEnd = more && k === ranges.length - 1 ? text.length : (folded.end[end - 1] ?? text.length);
            hits.push({
              ruleId: rule.id, kind: 'word', term: rule.term, action: rule.action,
              span: [folded.start[s] ?? 0, spanEnd], normalized: folded.text.slice(s, end),
            });
          }
        }
      }
      return hits;
    },
  };
}

function applies(rule: WordRule | AllowedPhrase, room: string, ts: number): boolean {
  return (rule.roomId === null || rule.roomId === room) && (!('expiresAt' in rule) || rule.expiresAt === null || rule.expiresAt > ts);
}

/**
 * Occurrences found in one message, as parallel arrays reused by every call (match() is synchronous):
 * half of ordinary messages contain some pattern that then fails its word-boundary check, and those
 * should cost no allocation. s..e: where the pattern matched (allowed phrases are checked against it);
 * ws..we: the occurrence reported.
 */
class Occurrences {
  count = 0;
  rule: Int32Array = new Int32Array(32);
  s: Int32Array = new Int32Array(32);
  e: Int32Array = new Int32Array(32);
  ws: Int32Array = new Int32Array(32);
  we: Int32Array = new Int32Array(32);
  push(rule: number, s: number, e: number, ws: number, we: number): void {
    if (this.count === this.rule.length) {
      const grow = (a: Int32Array): Int32Array => { const b = new Int32Array(a.length * 2); b.set(a); return b; };
      this.rule = grow(this.rule); this.s = grow(this.s); this.e = grow(this.e); this.ws = grow(this.ws); this.we = grow(this.we);
    }
    const i = this.count++;
    this.rule[i] = rule; this.s[i] = s; this.e[i] = e; this.ws[i] = ws; this.we[i] = we;
  }
}
const found = new Occurrences();
/** The coarse stream of the message being matched (reused). */
let scanBuffer = new Uint16Array(256);
const allowedFound = new Occurrences();

/** Verifies the automaton's raw matches and records word hits in `found`, allowed phrases in `allowedFound`. */
function collect(
  ac: AhoCorasick, table: PatternTable, norm: Normalized, text: string, words: readonly WordRule[], allowed: readonly AllowedPhrase[], room: string, ts: number,
): void {
  for (let m = 0; m < ac.matchCount; m++) {
    const p = ac.matches[m * 2]!;
    let e = ac.matches[m * 2 + 1]!;
    const s = e - table.len[p]! + 1;
    if ((table.meta[p]! & TAIL_BIT) !== 0 && (e = finalAfter(norm, e)) < 0) continue;
    if (!verify(table, p, norm, s, e)) continue;
    const edits = editsAt(table, p, norm, s, e);
    if (edits < 0 || (edits > 0 && !fuzzyBoundary(table, p, norm, text, s, e))) continue;
    const rule = table.rule[p]!;
    const boundary = table.meta[p]! & BOUNDARY_MASK;
    if ((table.meta[p]! & ALLOW_BIT) !== 0) {
      if (applies(allowed[rule]!, room, ts)) allowedFound.push(rule, s, e, s, e);
    } else if (applies(words[rule]!, room, ts)) {
      // A word rule hits a whole word: report (and mask) all of it, inflection and attached digits included.
      const ws = boundary === Boundary.LatinWord ? wordStartOf(norm, s) : s;
      const we = boundary === Boundary.LatinWord ? wordEndOf(norm, e) : e;
      found.push(rule, s, e, ws, we);
    }
  }
}

/**
 * Spellings of a term that the text's context can produce: a final consonant assimilates to the
 * next syllable (줄+로 → ㄴㄴ, 닥+나 → ㅇㄴ), a first ㄹ after ㄴ/ㄹ, and the last vowel swapped for a
 * neighbour people write instead (존나/존내, 하고/하구).
 */
const ASSIMILATED: Record<string, string> = { ㄹ: 'ㄴ', ㄱ: 'ㅇ', ㄷ: 'ㄴ', ㅂ: 'ㅁ' };

interface Variant { sym: number[]; assimilated: boolean }

function hangulVariants(sym: number[]): Variant[] {
  let hangul = false;
  for (let i = 0; i < sym.length && !hangul; i++) hangul = sym[i]! >= 0x314f && sym[i]! <= 0x3163;
  if (!hangul) return [{ sym, assimilated: false }];
  const out = new Map<string, Variant>();
  const add = (v: number[], assimilated: boolean): void => {
    const key = String.fromCharCode(...v);
    if (!out.has(key)) out.set(key, { sym: v, assimilated });
  };
  add(sym, false);
  const last = sym.length - 1;
  if (hangul && last > 0 && sym[last]! >= JAMO_FIRST && sym[last]! < 0x314f) {
    const alt = ASSIMILATED[String.fromCharCode(sym[last]!)];
    if (alt !== undefined) { const v = [...sym]; v[last] = alt.charCodeAt(0); add(v, true); }
  }
  if (hangul && sym[0] === 'ㄹ'.charCodeAt(0)) { const v = [...sym]; v[0] = 'ㄴ'.charCodeAt(0); add(v, false); }
  // Slang alternates the vowel of the last syllable (존나/존내, 하고/하구); swapping any vowel would multiply patterns for little gain.
  let lastVowel = sym.length - 1;
  while (lastVowel >= 0 && !(sym[lastVowel]! >= 0x314f && sym[lastVowel]! <= 0x3163)) lastVowel--;
  for (const base of [...out.values()]) {
    for (const alt of VOWEL_VARIANTS[String.fromCharCode(base.sym[lastVowel]!)] ?? []) {
      const v = [...base.sym];
      v[lastVowel] = alt.charCodeAt(0);
      add(v, base.assimilated);
    }
  }
  return [...out.values()];
}

/** Choseong shorthand of everyday chat (ㅇㅋ okay, ㄹㅇ really, ㅅㄱ thanks for the work, ㅂㅂ bye…). */
const CHAT_SHORTHAND = new Set(['ㅇㅋ', 'ㄹㅇ', 'ㅅㄱ', 'ㄱㅅ', 'ㅂㅂ', 'ㅈㅅ', 'ㅇㅈ', 'ㅎㅇ', 'ㅊㅋ', 'ㄱㄷ', 'ㅃㅇ', 'ㄴㄴ', 'ㅇㅇ', 'ㄱㄱ']);

const INITIAL_COMPAT = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';

/** The final at `e` is followed by what assimilates it: a merged onset (줄+로 → ㄴㄴ) or a nasal/liquid onset. */
function assimilationContext(norm: Normalized, e: number): boolean {
  if ((norm.flags[e]! & F_SYLSTART) !== 0 && norm.run[e]! > 1) return true;
  const next = e + 1;
  if (next >= norm.length || (norm.flags[next]! & F_SYLSTART) === 0) return false;
  const c = norm.sym[next]!;
  return c === NIEUN || c === MIEUM || c === RIEUL;
}
const NIEUN = 'ㄴ'.charCodeAt(0);
const MIEUM = 'ㅁ'.charCodeAt(0);
const RIEUL = 'ㄹ'.charCodeAt(0);

function isHangulSym(c: number): boolean {
  return (c >= JAMO_FIRST && c <= 0x3163) || (c >= CHO_BASE && c < CHO_BASE + 0x40);
}

function isDigitSym(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Back over digits attached before the letters (2fast): they belong to the word. */
function wordStartOf(norm: Normalized, s: number): number {
  const flags = norm.flags;
  while (s > 0 && (flags[s - 1]! & (F_ATTACHED | F_WEND)) === F_ATTACHED) s--;
  return s;
}

/** On over the inflection and the digits attached after the letters (dicks, zork99). */
function wordEndOf(norm: Normalized, e: number): number {
  const flags = norm.flags;
  if ((flags[e]! & F_WEND) === 0) e = inflectionEnd(norm, e);
  while (e + 1 < norm.length && (flags[e + 1]! & (F_ATTACHED | F_WSTART)) === F_ATTACHED) e++;
  return e;
}

/** The last symbol of an inflection (-s -es -ed -er -ers -ing) that ends the word after `e`, or -1. */
function inflectionEnd(norm: Normalized, e: number): number {
  for (const suffix of SUFFIXES) {
    let ok = e + suffix.length < norm.length;
    for (let k = 0; ok && k < suffix.length; k++) {
      const i = e + 1 + k;
      if (i >= norm.length || norm.sym[i] !== suffix[k] || norm.sym[i] === SEP) ok = false;
    }
    if (ok && (norm.flags[e + suffix.length]! & F_WEND) !== 0) return e + suffix.length;
  }
  return -1;
}

/**
 * How many edits the match at s..e needs (symbols that differ from the pattern's exact form, plus those
 * the variant spent), or -1 when that is over the term's budget.
 */
function editsAt(table: PatternTable, p: number, norm: Normalized, s: number, e: number): number {
  const at = table.fineStart[p]!;
  let edits = table.spent[p]!;
  if (at < 0) return edits;
  const budget = table.budget[p]!;
  const { sym } = norm;
  const fine = table.fineData;
  for (let k = 0; k <= e - s; k++) {
    if (sym[s + k] !== fine[at + k] && ++edits > budget) return -1;
  }
  return edits;
}

/**
 * Where an inexact (fuzzy) match may stand: at the start of a word, over whole syllables (다쳤어 is not
 * 다쳐 + 어), and at the end of the word or before a particle or ending (븅신아, 씨팔놈) — not inside a longer
 * word (조나단, 지라시). Real words one edit from a term that pass these rules need an allowed phrase.
 */
function fuzzyBoundary(table: PatternTable, p: number, norm: Normalized, text: string, s: number, e: number): boolean {
  const { flags, start, end, run } = norm;
  if ((flags[s]! & F_WSTART) === 0) return false;
  const next = e + 1;
  if (next >= norm.length || (flags[next]! & F_HANGUL) === 0 || (flags[next]! & (F_JOIN | F_CHO)) !== 0) return true;
  const at = table.fineStart[p]!;
  const endsInFinal = at >= 0 && !isVowelSym(table.fineData[at + e - s]!);
  // The last syllable must be whole: the next symbol comes from a later character, unless the term's final
  // merged with the next onset (씨팔+놈: one ㄴ for both).
  const merged = endsInFinal && (flags[e]! & F_SYLSTART) !== 0 && run[e]! > 1;
  if (!merged && start[next]! < end[e]!) return false;
  return FUZZY_FOLLOWERS.has(text.charCodeAt(start[next]!));
}

/**
 * The final consonant of the syllable ending at `e`, wherever the pronunciation rules put it: a final, the
 * onset it moved into, or the onset it merged with (all carry the syllable's own start). -1 when the
 * syllable has none.
 */
function finalAfter(norm: Normalized, e: number): number {
  const t = e + 1;
  if (t >= norm.length || !isFinalConsonant(norm.sym[t]!)) return -1;
  if ((norm.flags[t]! & F_SYLSTART) !== 0 && norm.start[t] !== norm.start[e]) return -1;
  return t;
}

function isFinalConsonant(c: number): boolean {
  return c >= JAMO_FIRST && c <= 0x314e;
}

function isVowelSym(c: number): boolean {
  return c >= 0x314f && c <= 0x3163;
}

function verify(table: PatternTable, p: number, norm: Normalized, s: number, e: number): boolean {
  if (s < 0) return false;
  const minRun = table.minRun[p]!;
  if (minRun !== null) {
    for (let k = 0; k < minRun.length; k++) if (norm.run[s + k]! < minRun[k]!) return false;
  }
  const flags = norm.flags;
  // A match across a filler (개1새끼) must start where a word does: 보존.나중에 holds no 존나.
  if (norm.hasJoin && (flags[s]! & F_WSTART) === 0) for (let k = s + 1; k <= e; k++) if ((flags[k]! & F_JOIN) !== 0) return false;
  if ((table.meta[p]! & ASSIM_BIT) !== 0 && !assimilationContext(norm, e)) return false;
  switch ((table.meta[p]! & BOUNDARY_MASK) as Boundary) {
    case Boundary.Contains:
      return true;
    case Boundary.Hangul:
      return (flags[s]! & (F_SYLSTART | F_CHO)) !== 0;
    case Boundary.LatinWord: {
      if ((flags[s]! & F_WSTART) === 0) return false;
      // At the end of the word, or an inflection after the term, then the end of the word.
      return (flags[e]! & F_WEND) !== 0 || inflectionEnd(norm, e) >= 0;
    }
  }
}
