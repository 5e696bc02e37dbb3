import type { RuleHit, SpamCounter, SpamRule } from '@tribune/contracts';
import { domainCovers, findDomains } from '../match/domains';

export interface SpamHit {
  hit: RuleHit;
  timeoutSeconds?: number;
}

export const DEFAULT_TIMEOUT_SECONDS = 60;

/** The hit a spam rule makes, with the counter that tripped it and, for a timeout, its length. */
export function spamHit(rule: SpamRule, counter?: SpamCounter, span?: [number, number], normalized?: string): SpamHit {
  const hit: RuleHit = { ruleId: rule.id, kind: 'spam', term: rule.kind, action: rule.action };
  if (span) hit.span = span;
  if (normalized !== undefined) hit.normalized = normalized;
  if (counter) hit.counter = counter;
  return rule.action === 'timeout' ? { hit, timeoutSeconds: rule.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS } : { hit };
}

/**
 * Spam rules judged on the message alone (repetition, caps, length, links, mentions, roles): no memory, so
 * every node judges them alike. The flood rules (rate, slow mode, duplicate, raid) go to a flood store.
 */
export function runMessageRules(rules: readonly SpamRule[], text: string, roles: readonly string[], hits: RuleHit[]): number | undefined {
  let timeoutSeconds: number | undefined;
  for (const rule of rules) {
    const found = check(rule, text, roles);
    if (found === false) continue;
    const s = spamHit(rule, found.counter, found.span);
    hits.push(s.hit);
    if (s.timeoutSeconds !== undefined) timeoutSeconds = Math.max(timeoutSeconds ?? 0, s.timeoutSeconds);
  }
  return timeoutSeconds;
}

const message = (name: string, value: number, limit: number): SpamCounter => ({ name, value, limit, scope: 'message' });

/** false = passes; otherwise what hit. */
function check(rule: SpamRule, text: string, roles: readonly string[]): false | { counter?: SpamCounter; span?: [number, number] } {
  switch (rule.kind) {
    case 'repetition': {
      const wall = longestRepeat(text, rule.maxRun);
      return wall === false ? false : { span: wall.span, counter: message('run', wall.units, rule.maxRun) };
    }
    case 'caps': {
      let letters = 0;
      let upper = 0;
      for (const ch of text) {
        const lo = ch.toLowerCase();
        const up = ch.toUpperCase();
        if (lo === up) continue;
        letters++;
        if (ch === up) upper++;
      }
      const ratio = letters > 0 ? upper / letters : 0;
      return letters >= rule.minLength && letters > 0 && ratio > rule.maxRatio ? { counter: message('caps_ratio', Math.round(ratio * 100) / 100, rule.maxRatio) } : false;
    }
    case 'max_length': {
      let n = 0;
      for (const _ of text) n++;
      return n > rule.maxChars ? { counter: message('chars', n, rule.maxChars) } : false;
    }
    case 'links': {
      const found = findDomains(text);
      for (const d of found) {
        const listed = rule.domains.some((x) => domainCovers(x.toLowerCase(), d.domain));
        if (rule.mode === 'deny_all' || (rule.mode === 'allow_list' && !listed) || (rule.mode === 'deny_list' && listed)) return { span: d.span };
      }
      return false;
    }
    case 'mentions': {
      const n = countMentions(text);
      return n > rule.maxMentions ? { counter: message('mentions', n, rule.maxMentions) } : false;
    }
    case 'roles': {
      if (rule.exemptRoles.some((r) => roles.includes(r))) return false;
      return rule.requireAnyRole.length > 0 && !rule.requireAnyRole.some((r) => roles.includes(r)) ? {} : false;
    }
    // Flood rules need memory: never judged here.
    case 'rate':
    case 'slow_mode':
    case 'duplicate':
    case 'raid':
      return false;
  }
}

/** `@name` at the start or after a non-word character; each distinct name counts once (case-insensitive). */
const MENTION = /(?:^|[^\p{L}\p{N}_@])@([\p{L}\p{N}_]{1,32})/gu;
export function countMentions(text: string): number {
  if (!text.includes('@')) return 0;
  const names = new Set<string>();
  for (const m of text.matchAll(MENTION)) names.add(m[1]!.toLowerCase());
  return names.size;
}

/**
 * A wall: the same unit of 1–4 code points repeated more than `maxRun` times in a row
 * (aaaa, 😂😂😂, ㅋㅋㅋ, "lol lol lol" counts per unit). Returns the span of the first wall.
 */
function longestRepeat(text: string, maxRun: number): false | { span: [number, number]; units: number } {
  const cps: number[] = [];
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    cps.push(cp);
    at.push(i);
    if (cp > 0xffff) i++;
  }
  at.push(text.length);
  for (let p = 1; p <= 4; p++) {
    let same = 0;
    for (let i = p; i < cps.length; i++) {
      if (cps[i] === cps[i - p] && cps[i] !== 0x20) {
        same++;
        const units = Math.floor(same / p) + 1;
        if (units > maxRun) {
          const start = i - same - p + 1;
          let last = i;
          while (last + 1 < cps.length && cps[last + 1] === cps[last + 1 - p]) last++;
          // Whole units only: a trailing partial unit is not part of the wall.
          last -= (last - start + 1) % p;
          return { span: [at[start]!, at[last + 1]!], units: (last - start + 1) / p };
        }
      } else same = 0;
    }
  }
  return false;
}
