import { lightFoldText } from '../normalize/char-fold';

/**
 * Finds domain names in chat text, including the written-out evasions people use to slip a link
 * past a filter: `x[.]io`, `x(.)io`, `x dot io`, `x . io`.
 */

export interface FoundDomain {
  /** Canonical form: lower case, labels joined with plain dots. */
  domain: string;
  span: [number, number];
  /** True when written with an obfuscated dot (spaces, brackets, "dot"). */
  obfuscated: boolean;
}

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const DOT = '(?:\\s*\\[\\s*(?:\\.|dot)\\s*\\]\\s*|\\s*\\(\\s*(?:\\.|dot)\\s*\\)\\s*|\\s*\\{\\s*(?:\\.|dot)\\s*\\}\\s*|\\s+dot\\s+|\\s+\\.\\s*|\\.\\s+|\\.|。)';
const DOMAIN_RE = new RegExp(`(?<![a-z0-9-])${LABEL}(?:${DOT}${LABEL})+(?![a-z0-9-])`, 'g');
const DOT_RE = new RegExp(DOT, 'g');

// Spelled-out dots ("end. so") appear in ordinary sentences; count them as links only with a TLD people use for links.
const COMMON_TLDS = new Set([
  'com', 'net', 'org', 'io', 'gg', 'tv', 'co', 'kr', 'me', 'xyz', 'info', 'biz', 'ru', 'cn', 'app', 'dev', 'link', 'site',
  'online', 'shop', 'top', 'ly', 'to', 'cc', 'live', 'club', 'fun', 'win', 'bet', 'vip', 'pro', 'uk', 'de', 'jp',
]);

/** Cheap pre-check so most messages skip the regex. */
export function mayContainDomain(text: string): boolean {
  return text.includes('.') || text.includes('。') || /dot/i.test(text) || text.includes('．');
}

export function findDomains(text: string): FoundDomain[] {
  if (!mayContainDomain(text)) return [];
  const folded = lightFoldText(text);
  const found: FoundDomain[] = [];
  for (const m of folded.text.matchAll(DOMAIN_RE)) {
    const raw = m[0];
    const domain = raw.replace(DOT_RE, '.');
    const labels = domain.split('.');
    const tld = labels[labels.length - 1]!;
    if (!/[a-z]/.test(tld)) continue; // 1.5, 2.0: numbers, not domains
    const obfuscated = domain.length !== raw.length || raw.includes('。');
    if (obfuscated && !COMMON_TLDS.has(tld)) continue;
    const at = m.index;
    found.push({ domain, span: [folded.start[at]!, folded.end[at + raw.length - 1]!], obfuscated });
  }
  return found;
}

/** `sub.example.com` is covered by `example.com`. */
export function domainCovers(listed: string, domain: string): boolean {
  return domain === listed || domain.endsWith(`.${listed}`);
}

export function canonicalDomain(term: string): string | null {
  const folded = lightFoldText(term.trim()).text;
  return /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/.test(folded) && /[a-z]/.test(folded.split('.').pop()!)
    ? folded
    : null;
}
