/**
 * Converts a query parameter as ClickHouse's HTTP interface receives it (`param_<name>`, text in
 * the TSV "Escaped" form that @clickhouse/client writes) into the value chdb's `queryBind` expects.
 *
 * Why: chdb TSV-escapes a JS string itself before binding it, so passing the HTTP text through
 * unchanged would escape it twice (`a\\b` would arrive as `a\\\\b`). Undoing exactly the escapes chdb
 * re-applies makes the engine see the same text the real server would have parsed.
 */

/** The declared type of each `{name:Type}` placeholder in a query, by name. */
export function placeholderTypes(sql: string): Map<string, string> {
  const types = new Map<string, string>();
  const re = /\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([^{}]+?)\s*\}/g;
  for (const m of sql.matchAll(re)) {
    if (m[1] && m[2]) types.set(m[1], m[2]);
  }
  return types;
}

/** True for types whose text form holds quoted literals (`['a','b']`, `{'k':1}`, `(1,'x')`). */
export function isCompositeType(type: string | undefined): boolean {
  if (!type) return false;
  let t = type.trim();
  for (;;) {
    const wrapper = /^(Nullable|LowCardinality)\s*\((.*)\)$/s.exec(t);
    if (!wrapper?.[2]) break;
    t = wrapper[2].trim();
  }
  return /^(Array|Map|Tuple|Nested)\s*\(/.test(t);
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', '0': '\0', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Returns the value to hand to chdb for one parameter: `null` for the TSV null marker `\N`,
 * otherwise the unescaped string. Inside composite values an escaped quote `\'` becomes the
 * equivalent doubled quote `''`, which chdb leaves alone and the literal parser still reads as `'`.
 */
export function httpParamToBindValue(text: string, type: string | undefined): string | null {
  if (text === '\\N') return null;
  const composite = isCompositeType(type);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '\\' || i === text.length - 1) {
      out += ch;
      continue;
    }
    const next = text[++i] as string;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) out += simple;
    else if (next === "'") out += composite ? "''" : "'";
    // Any other escaped character stands for itself, as in ClickHouse's Escaped format.
    else out += next;
  }
  return out;
}

/** Binds every `param_*` value of a request for the given query. */
export function bindParams(sql: string, raw: Record<string, string>): Record<string, string | null> {
  const types = placeholderTypes(sql);
  const bound: Record<string, string | null> = {};
  for (const [name, text] of Object.entries(raw)) bound[name] = httpParamToBindValue(text, types.get(name));
  return bound;
}
