/** Shortest new password accepted (NIST SP 800-63B asks at least 8; an operator account guards every room). */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

/**
 * Why a new password is refused, or null. Length and a few context checks (NIST SP 800-63B §3.1.1.2: no
 * composition rules, but refuse values derived from the context); breached-password lists are not checked yet.
 */
export function checkNewPassword(next: string, context: { current: string; email: string }): string | null {
  if (next.length < MIN_PASSWORD_LENGTH) return `at least ${MIN_PASSWORD_LENGTH} characters`;
  if (next.length > MAX_PASSWORD_LENGTH) return `at most ${MAX_PASSWORD_LENGTH} characters`;
  if (next === context.current) return 'must differ from the current password';
  const lower = next.toLowerCase();
  const local = context.email.split('@')[0]?.toLowerCase() ?? '';
  if (lower === context.email.toLowerCase() || (local.length >= 4 && lower.includes(local))) return 'must not contain the email address';
  if (/^(.)\1+$/.test(next)) return 'must not be one repeated character';
  if (lower.includes('tribune')) return 'must not contain the product name';
  return null;
}
