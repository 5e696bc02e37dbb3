/**
 * Deterministic synthetic term lists and chat corpus for the speed benchmark: pseudo-words shaped
 * like English and Korean (so the automaton sees realistic alphabets and fan-out), ~70-byte messages.
 */

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ONSETS = ['b', 'c', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'sh', 'ch', 'st', 'tr', 'bl', 'cr'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ea', 'oo', 'ai'];
const CODAS = ['', '', 'n', 'r', 't', 'ck', 'sh', 'm', 'p', 'st', 'd'];

export function makeTerms(count: number, seed = 42): string[] {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const terms = new Set<string>();
  while (terms.size < count) {
    if (rand() < 0.15) {
      // Hangul: 2–3 random syllables.
      let t = '';
      const n = 2 + Math.floor(rand() * 2);
      for (let i = 0; i < n; i++) t += String.fromCharCode(0xac00 + Math.floor(rand() * 11172));
      terms.add(t);
    } else {
      let t = '';
      const n = 1 + Math.floor(rand() * 3);
      for (let i = 0; i < n; i++) t += pick(ONSETS) + pick(VOWELS) + pick(CODAS);
      if (t.length >= 4) terms.add(t);
    }
  }
  return [...terms];
}

const CHAT_EN = [
  'what', 'a', 'goal', 'the', 'keeper', 'is', 'on', 'fire', 'great', 'pass', 'offside', 'ref', 'come', 'on', 'lets', 'go',
  'corner', 'again', 'unbelievable', 'save', 'that', 'was', 'close', 'midfield', 'press', 'higher', 'gg', 'wp', 'lol',
];
const CHAT_KO = ['역습', '들어간다', '오늘', '컨디션', '좋아', '보인다', '코너킥', '골', '대박', '선방', '심판', '경기', '진짜', '잘한다', 'ㅋㅋㅋ'];
const CHAT = [...CHAT_EN, ...CHAT_KO];
/** Emoji, numbers and emphatic punctuation: chat is full of them, and they take the normaliser's general path. */
const EXTRAS = ['!!', '😂', '2-1', '👍', '?!', '3골', 'x2', '🔥🔥'];

/**
 * Messages of about `bytes` UTF-8 bytes; `hitRate` of them carry one of `terms`. Like a real mixed
 * room, most messages are in one language: `korean` of them Korean, `mixed` of them both, the rest English;
 * `extras` of them also carry an emoji, a number or emphatic punctuation.
 */
export function makeCorpus(
  count: number, terms: readonly string[], { bytes = 70, hitRate = 0.05, seed = 7, korean = 0.45, mixed = 0.1, extras = 0.3 } = {},
): string[] {
  const rand = prng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const words: string[] = [];
    let size = 0;
    const lang = rand();
    const vocab = lang < korean ? CHAT_KO : lang < korean + mixed ? CHAT : CHAT_EN;
    const withTerm = rand() < hitRate;
    const extra = rand() < extras ? EXTRAS[Math.floor(rand() * EXTRAS.length)]! : '';
    if (extra !== '') size += Buffer.byteLength(extra) + 1;
    while (size < bytes - (withTerm ? 10 : 0)) {
      const w = vocab[Math.floor(rand() * vocab.length)]!;
      words.push(w);
      size += Buffer.byteLength(w) + 1;
    }
    if (withTerm) words.splice(Math.floor(rand() * words.length), 0, terms[Math.floor(rand() * terms.length)]!);
    if (extra !== '') words.splice(Math.floor(rand() * (words.length + 1)), 0, extra);
    out.push(words.join(' '));
  }
  return out;
}
