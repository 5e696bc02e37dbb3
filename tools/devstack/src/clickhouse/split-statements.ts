/**
 * Splits a migration file into statements on a `;` that ends a line (the agreed convention, so a
 * `;` inside a string or mid-line never splits). Blank and comment-only pieces are dropped.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  const flush = () => {
    const text = current.join('\n').trim();
    current = [];
    const meaningful = text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0 && !l.startsWith('--'));
    if (meaningful.length > 0) statements.push(text);
  };
  for (const line of sql.replace(/\r\n/g, '\n').split('\n')) {
    if (/;\s*$/.test(line)) {
      current.push(line.replace(/;\s*$/, ''));
      flush();
    } else {
      current.push(line);
    }
  }
  flush();
  return statements;
}
