/**
 * Aho–Corasick over 16-bit symbols: one pass over a message finds every pattern, whatever the
 * number of patterns. The root has a dense table (most steps start there); every other transition
 * lives in one open-addressing hash table keyed by (node, symbol), used both to build and to scan.
 */

const NONE = -1;
/** Nodes with at least this many children get a dense DFA row, up to MAX_DENSE_ROWS rows. */
const DENSE_MIN_CHILDREN = 6;
const MAX_DENSE_ROWS = 2048;

function slot(node: number, sym: number, bits: number): number {
  return Math.imul((node << 16) ^ node ^ sym, 0x9e3779b1) >>> (32 - bits);
}

class TransitionTable {
  bits: number;
  from: Int32Array;
  sym: Uint16Array;
  to: Int32Array;
  size = 0;

  constructor(expected: number) {
    this.bits = 8;
    while (1 << this.bits < expected * 2) this.bits++;
    this.from = new Int32Array(1 << this.bits).fill(NONE);
    this.sym = new Uint16Array(1 << this.bits);
    this.to = new Int32Array(1 << this.bits);
  }

  get(node: number, c: number): number {
    const mask = (1 << this.bits) - 1;
    const { from, sym } = this;
    for (let h = slot(node, c, this.bits); from[h] !== NONE; h = (h + 1) & mask) {
      if (from[h] === node && sym[h] === c) return this.to[h]!;
    }
    return NONE;
  }

  set(node: number, c: number, child: number): void {
    if ((this.size + 1) * 2 > 1 << this.bits) this.rehash();
    this.insert(node, c, child);
    this.size++;
  }

  private insert(node: number, c: number, child: number): void {
    const mask = (1 << this.bits) - 1;
    let h = slot(node, c, this.bits);
    while (this.from[h] !== NONE) h = (h + 1) & mask;
    this.from[h] = node;
    this.sym[h] = c;
    this.to[h] = child;
  }

  private rehash(): void {
    const { from, sym, to } = this;
    this.bits++;
    this.from = new Int32Array(1 << this.bits).fill(NONE);
    this.sym = new Uint16Array(1 << this.bits);
    this.to = new Int32Array(1 << this.bits);
    for (let h = 0; h < from.length; h++) if (from[h] !== NONE) this.insert(from[h]!, sym[h]!, to[h]!);
  }
}

export class AhoCorasickBuilder {
  private nodes = 1;
  private capacity: number;
  private nodeSym: Uint16Array;
  /** Children as linked lists, only to enumerate them breadth-first. */
  private firstChild: Int32Array;
  private nextSibling: Int32Array;
  /** Patterns ending at a node: a linked list through outId/outNext. */
  private outHead: Int32Array;
  private outId: number[] = [];
  private outNext: number[] = [];
  private rootChild = new Int32Array(0x10000).fill(NONE);
  private table: TransitionTable;

  /** `expectedSymbols`: roughly how many symbols the patterns hold, to size the arrays once. */
  constructor(expectedSymbols = 1024) {
    this.table = new TransitionTable(expectedSymbols);
    this.capacity = Math.max(16, expectedSymbols + 1);
    this.nodeSym = new Uint16Array(this.capacity);
    this.firstChild = new Int32Array(this.capacity).fill(NONE);
    this.nextSibling = new Int32Array(this.capacity).fill(NONE);
    this.outHead = new Int32Array(this.capacity).fill(NONE);
  }

  private grow(): void {
    const size = this.capacity * 2;
    const g32 = (a: Int32Array): Int32Array => { const b = new Int32Array(size).fill(NONE); b.set(a); return b; };
    const sym = new Uint16Array(size);
    sym.set(this.nodeSym);
    this.nodeSym = sym;
    this.firstChild = g32(this.firstChild);
    this.nextSibling = g32(this.nextSibling);
    this.outHead = g32(this.outHead);
    this.capacity = size;
  }

  /** Adds symbols[0..length) as a pattern; `id` is what a match reports. */
  add(symbols: ArrayLike<number>, id: number, length = symbols.length): void {
    let node = 0;
    for (let i = 0; i < length; i++) {
      const c = symbols[i]!;
      let child = node === 0 ? this.rootChild[c]! : this.table.get(node, c);
      if (child === NONE) {
        if (this.nodes === this.capacity) this.grow();
        child = this.nodes++;
        this.nodeSym[child] = c;
        this.nextSibling[child] = this.firstChild[node]!;
        this.firstChild[node] = child;
        if (node === 0) this.rootChild[c] = child;
        else this.table.set(node, c, child);
      }
      node = child;
    }
    this.outId.push(id);
    this.outNext.push(this.outHead[node]!);
    this.outHead[node] = this.outId.length - 1;
  }

  build(): AhoCorasick {
    const count = this.nodes;
    const { rootChild, table, firstChild, nextSibling, nodeSym } = this;
    const outStart = new Int32Array(count + 1);
    const outIds = new Int32Array(this.outId.length);
    let outs = 0;
    for (let u = 0; u < count; u++) {
      outStart[u] = outs;
      for (let o = this.outHead[u]!; o !== NONE; o = this.outNext[o]!) outIds[outs++] = this.outId[o]!;
    }
    outStart[count] = outs;
    // Compact alphabet: a symbol no pattern uses sends the scan straight back to the root.
    const alpha = new Uint16Array(0x10000);
    const alphaList: number[] = [0];
    for (let v = 1; v < count; v++) {
      const c = nodeSym[v]!;
      if (alpha[c] === 0) { alpha[c] = alphaList.length; alphaList.push(c); }
    }
    const alphaSize = alphaList.length;
    const alphaSyms = Uint16Array.from(alphaList);
    const childCount = new Int32Array(count);
    for (let u = 1; u < count; u++) for (let v = firstChild[u]!; v !== NONE; v = nextSibling[v]!) childCount[u]!++;

    // One breadth-first pass computes failure links, dictionary links and the dense rows. Busy nodes
    // (the first MAX_DENSE_ROWS in BFS order with DENSE_MIN_CHILDREN children) get a fully resolved DFA
    // row; a node's failure target is shallower, so its row (if any) is complete when the node is reached,
    // and both a row and a failure link are read from it instead of walking the chain through the hash.
    const fail = new Int32Array(count);
    const order = new Int32Array(count);
    const dict = new Int32Array(count).fill(NONE);
    const rowOf = new Int32Array(count).fill(NONE);
    let dense = new Int32Array(Math.min(MAX_DENSE_ROWS, 64) * alphaSize);
    let rows = 0;
    /** δ(f, c): the resolved transition, via dense rows where they exist. */
    const delta = (from: number, c: number): number => {
      for (let f = from; ;) {
        if (f === 0) { const t = rootChild[c]!; return t === NONE ? 0 : t; }
        const row = rowOf[f]!;
        if (row !== NONE) return dense[row * alphaSize + alpha[c]!]!;
        const t = table.get(f, c);
        if (t !== NONE) return t;
        f = fail[f]!;
      }
    };
    let head = 0;
    let tail = 0;
    for (let v = firstChild[0]!; v !== NONE; v = nextSibling[v]!) { order[tail++] = v; fail[v] = 0; }
    while (head < tail) {
      const u = order[head++]!;
      const fu = fail[u]!;
      dict[u] = fu !== 0 && outStart[fu + 1]! > outStart[fu]! ? fu : dict[fu]!;
      if (childCount[u]! >= DENSE_MIN_CHILDREN && rows < MAX_DENSE_ROWS) {
        if ((rows + 1) * alphaSize > dense.length) {
          const grown = new Int32Array(Math.min(MAX_DENSE_ROWS, rows * 2) * alphaSize);
          grown.set(dense);
          dense = grown;
        }
        const base = rows * alphaSize;
        const fRow = rowOf[fu]!;
        if (fRow !== NONE) dense.copyWithin(base, fRow * alphaSize, fRow * alphaSize + alphaSize);
        else for (let a = 1; a < alphaSize; a++) dense[base + a] = delta(fu, alphaSyms[a]!);
        for (let v = firstChild[u]!; v !== NONE; v = nextSibling[v]!) dense[base + alpha[nodeSym[v]!]!] = v;
        rowOf[u] = rows++;
      }
      for (let v = firstChild[u]!; v !== NONE; v = nextSibling[v]!) {
        fail[v] = delta(fu, nodeSym[v]!);
        order[tail++] = v;
      }
    }
    return new AhoCorasick(rootChild, fail, table, outStart, outIds, dict, count, alpha, alphaSize, rowOf, dense.slice(0, rows * alphaSize));
  }
}

export class AhoCorasick {
  /** (patternId, endIndex) pairs of the last scan. */
  matches = new Int32Array(64);
  matchCount = 0;

  constructor(
    private readonly rootNext: Int32Array,
    private readonly fail: Int32Array,
    private readonly table: TransitionTable,
    private readonly outStart: Int32Array,
    private readonly outIds: Int32Array,
    private readonly dict: Int32Array,
    readonly nodeCount: number,
    private readonly alpha: Uint16Array,
    private readonly alphaSize: number,
    private readonly rowOf: Int32Array,
    private readonly dense: Int32Array,
  ) {}

  /** Scans symbols[0..length); results in `matches` / `matchCount`. */
  scan(symbols: Uint16Array, length: number): void {
    const { rootNext, fail, outStart, dict, alpha, alphaSize, rowOf, dense } = this;
    const { from, sym, to, bits } = this.table;
    const mask = (1 << bits) - 1;
    this.matchCount = 0;
    let state = 0;
    for (let i = 0; i < length; i++) {
      const c = symbols[i]!;
      const a = alpha[c]!;
      if (a === 0) { state = 0; continue; }
      for (;;) {
        if (state === 0) { state = rootNext[c]!; if (state === NONE) state = 0; break; }
        const row = rowOf[state]!;
        if (row !== NONE) { state = dense[row * alphaSize + a]!; break; }
        let next = NONE;
        for (let h = slot(state, c, bits); from[h] !== NONE; h = (h + 1) & mask) {
          if (from[h] === state && sym[h] === c) { next = to[h]!; break; }
        }
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
