/**
 * Aho–Corasick over 16-bit symbols: one pass over a message finds every pattern, whatever the
 * number of patterns. The root and the busiest nodes have dense rows (most steps start there); every
 * other transition lives in one open-addressing hash table keyed by (node, symbol), used both to build
 * and to scan.
 */

const NONE = -1;
/** Nodes with at least this many children get a dense DFA row, up to MAX_DENSE_ROWS rows. */
const DENSE_MIN_CHILDREN = 6;
const MAX_DENSE_ROWS = 2048;

function slot(node: number, sym: number, bits: number): number {
  return Math.imul((node << 16) ^ node ^ sym, 0x9e3779b1) >>> (32 - bits);
}

/**
 * Open addressing with linear probing. A slot is three neighbouring ints (node, symbol, child), so a
 * probe during a scan touches one cache line instead of one in each of three arrays.
 */
class TransitionTable {
  bits: number;
  /** [node, symbol, child] per slot; node NONE = empty. */
  data: Int32Array;
  size = 0;

  constructor(expected: number) {
    this.bits = TransitionTable.bitsFor(expected);
    this.data = TransitionTable.empty(this.bits);
  }

  private static bitsFor(entries: number): number {
    let bits = 8;
    while (1 << bits < entries * 2) bits++;
    return bits;
  }

  private static empty(bits: number): Int32Array {
    // Only the node field marks an empty slot, but a native fill of everything beats a strided loop.
    return new Int32Array(3 << bits).fill(NONE);
  }

  get(node: number, c: number): number {
    const mask = (1 << this.bits) - 1;
    const data = this.data;
    for (let h = slot(node, c, this.bits); data[h * 3] !== NONE; h = (h + 1) & mask) {
      if (data[h * 3] === node && data[h * 3 + 1] === c) return data[h * 3 + 2]!;
    }
    return NONE;
  }

  set(node: number, c: number, child: number): void {
    if ((this.size + 1) * 2 > 1 << this.bits) this.resize(this.bits + 1);
    this.insert(node, c, child);
    this.size++;
  }

  /** Shrinks to the smallest table at most half full (the builder sizes it from an upper estimate). */
  compact(): void {
    const bits = TransitionTable.bitsFor(this.size);
    if (bits < this.bits) this.resize(bits);
  }

  private insert(node: number, c: number, child: number): void {
    const mask = (1 << this.bits) - 1;
    const data = this.data;
    let h = slot(node, c, this.bits);
    while (data[h * 3] !== NONE) h = (h + 1) & mask;
    data[h * 3] = node;
    data[h * 3 + 1] = c;
    data[h * 3 + 2] = child;
  }

  private resize(bits: number): void {
    const old = this.data;
    this.bits = bits;
    this.data = TransitionTable.empty(bits);
    for (let h = 0; h < old.length; h += 3) if (old[h] !== NONE) this.insert(old[h]!, old[h + 1]!, old[h + 2]!);
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
    // The root's row first: most steps of a scan start there.
    for (let a = 1; a < alphaSize; a++) { const t = rootChild[alphaSyms[a]!]!; dense[a] = t === NONE ? 0 : t; }
    rowOf[0] = 0;
    let rows = 1;
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
    table.compact();
    // Where a scan starts reporting from a state: itself if a pattern ends there, else its dictionary link.
    const reportFrom = new Int32Array(count);
    for (let u = 0; u < count; u++) reportFrom[u] = outStart[u + 1]! > outStart[u]! ? u : dict[u]!;
    reportFrom[0] = NONE; // the root ends no pattern worth reporting (an empty one matches nothing)
    return new AhoCorasick(fail, table, outStart, outIds, dict, reportFrom, count, alpha, alphaSize, rowOf, dense.slice(0, rows * alphaSize));
  }
}

export class AhoCorasick {
  /** (patternId, endIndex) pairs of the last scan. */
  matches = new Int32Array(64);
  matchCount = 0;

  constructor(
    private readonly fail: Int32Array,
    private readonly table: TransitionTable,
    private readonly outStart: Int32Array,
    private readonly outIds: Int32Array,
    private readonly dict: Int32Array,
    private readonly reportFrom: Int32Array,
    readonly nodeCount: number,
    private readonly alpha: Uint16Array,
    private readonly alphaSize: number,
    private readonly rowOf: Int32Array,
    private readonly dense: Int32Array,
  ) {}

  /** Scans symbols[0..length); results in `matches` / `matchCount`. */
  scan(symbols: Uint16Array, length: number): void {
    const { fail, outStart, outIds, dict, reportFrom, alpha, alphaSize, rowOf, dense } = this;
    const { data, bits } = this.table;
    const mask = (1 << bits) - 1;
    this.matchCount = 0;
    let state = 0;
    for (let i = 0; i < length; i++) {
      const c = symbols[i]!;
      const a = alpha[c]!;
      if (a === 0) { state = 0; continue; }
      // The root and the busy nodes have dense rows; the rest look their children up in the hash table.
      for (;;) {
        const row = rowOf[state]!;
        if (row !== NONE) { state = dense[row * alphaSize + a]!; break; }
        let next = NONE;
        for (let h = slot(state, c, bits); data[h * 3] !== NONE; h = (h + 1) & mask) {
          if (data[h * 3] === state && data[h * 3 + 1] === c) { next = data[h * 3 + 2]!; break; }
        }
        if (next !== NONE) { state = next; break; }
        state = fail[state]!;
      }
      for (let s = reportFrom[state]!; s !== NONE; s = dict[s]!) {
        for (let o = outStart[s]!; o < outStart[s + 1]!; o++) this.report(outIds[o]!, i);
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
