/**
 * Aho–Corasick over 16-bit symbols: one pass over a message finds every pattern, whatever the
 * number of patterns. The root has a dense table (most steps start there); other nodes keep their
 * few edges in flat typed arrays.
 */

const NONE = -1;

export class AhoCorasickBuilder {
  private sym: number[] = [0];
  private firstChild: number[] = [NONE];
  private nextSibling: number[] = [NONE];
  private outputs: number[][] = [[]];
  private rootChild = new Int32Array(0x10000).fill(NONE);

  /** Adds a pattern; returns nothing, the caller's id is reported on a match. */
  add(symbols: ArrayLike<number>, id: number): void {
    let node = 0;
    for (let i = 0; i < symbols.length; i++) {
      const c = symbols[i]!;
      let child = node === 0 ? this.rootChild[c]! : this.findChild(node, c);
      if (child === NONE) {
        child = this.sym.length;
        this.sym.push(c);
        this.firstChild.push(NONE);
        this.outputs.push([]);
        if (node === 0) {
          this.rootChild[c] = child;
          this.nextSibling.push(NONE);
        } else {
          this.nextSibling.push(this.firstChild[node]!);
          this.firstChild[node] = child;
        }
      }
      node = child;
    }
    this.outputs[node]!.push(id);
  }

  private findChild(node: number, c: number): number {
    for (let e = this.firstChild[node]!; e !== NONE; e = this.nextSibling[e]!) if (this.sym[e] === c) return e;
    return NONE;
  }

  private child(node: number, c: number): number {
    return node === 0 ? this.rootChild[c]! : this.findChild(node, c);
  }

  build(): AhoCorasick {
    const count = this.sym.length;
    const fail = new Int32Array(count);
    const order = new Int32Array(count);
    let head = 0;
    let tail = 0;
    // Root's children come from the dense table; the rest are reached through sibling lists.
    for (let c = 0; c < 0x10000; c++) {
      const v = this.rootChild[c]!;
      if (v !== NONE) { order[tail++] = v; fail[v] = 0; }
    }
    while (head < tail) {
      const u = order[head++]!;
      for (let v = this.firstChild[u]!; v !== NONE; v = this.nextSibling[v]!) {
        const c = this.sym[v]!;
        let f = fail[u]!;
        let t = this.child(f, c);
        while (t === NONE && f !== 0) { f = fail[f]!; t = this.child(f, c); }
        fail[v] = t === NONE ? 0 : t;
        order[tail++] = v;
      }
    }
    // Flatten edges, outputs, and dictionary links (nearest suffix state that ends a pattern).
    const edgeStart = new Int32Array(count + 1);
    let edges = 0;
    for (let u = 1; u < count; u++) {
      edgeStart[u] = edges;
      for (let v = this.firstChild[u]!; v !== NONE; v = this.nextSibling[v]!) edges++;
    }
    edgeStart[count] = edges;
    const edgeSym = new Uint16Array(edges);
    const edgeTo = new Int32Array(edges);
    for (let u = 1; u < count; u++) {
      let e = edgeStart[u]!;
      for (let v = this.firstChild[u]!; v !== NONE; v = this.nextSibling[v]!) { edgeSym[e] = this.sym[v]!; edgeTo[e] = v; e++; }
    }
    const outStart = new Int32Array(count + 1);
    let outs = 0;
    for (let u = 0; u < count; u++) { outStart[u] = outs; outs += this.outputs[u]!.length; }
    outStart[count] = outs;
    const outIds = new Int32Array(outs);
    for (let u = 0; u < count; u++) outIds.set(this.outputs[u]!, outStart[u]!);
    const dict = new Int32Array(count).fill(NONE);
    for (let k = 0; k < tail; k++) {
      const v = order[k]!;
      const f = fail[v]!;
      dict[v] = f !== 0 && outStart[f + 1]! > outStart[f]! ? f : dict[f]!;
    }
    return new AhoCorasick(this.rootChild, fail, edgeStart, edgeSym, edgeTo, outStart, outIds, dict, count);
  }
}

export class AhoCorasick {
  /** (patternId, endIndex) pairs of the last scan. */
  matches = new Int32Array(64);
  matchCount = 0;

  constructor(
    private readonly rootNext: Int32Array,
    private readonly fail: Int32Array,
    private readonly edgeStart: Int32Array,
    private readonly edgeSym: Uint16Array,
    private readonly edgeTo: Int32Array,
    private readonly outStart: Int32Array,
    private readonly outIds: Int32Array,
    private readonly dict: Int32Array,
    readonly nodeCount: number,
  ) {}

  /** Scans symbols[0..length); results in `matches` / `matchCount`. */
  scan(symbols: Uint16Array, length: number): void {
    const { rootNext, fail, edgeStart, edgeSym, edgeTo, outStart, dict } = this;
    this.matchCount = 0;
    let state = 0;
    for (let i = 0; i < length; i++) {
      const c = symbols[i]!;
      for (;;) {
        if (state === 0) { state = rootNext[c]!; if (state === NONE) state = 0; break; }
        let next = NONE;
        const end = edgeStart[state + 1]!;
        for (let e = edgeStart[state]!; e < end; e++) if (edgeSym[e] === c) { next = edgeTo[e]!; break; }
        if (next !== NONE) { state = next; break; }
        state = fail[state]!;
      }
      if (state === 0) continue;
      for (let s = outStart[state + 1]! > outStart[state]! ? state : dict[state]!; s !== NONE; s = dict[s]!) {
        for (let o = outStart[s]!; o < outStart[s + 1]!; o++) this.report(this.outIds[o]!, i);
      }
    }
  }

  private report(id: number, end: number): void {
    if (this.matchCount * 2 + 2 > this.matches.length) {
      const grown = new Int32Array(this.matches.length * 2);
      grown.set(this.matches);
      this.matches = grown;
    }
    this.matches[this.matchCount * 2] = id;
    this.matches[this.matchCount * 2 + 1] = end;
    this.matchCount++;
  }
}
