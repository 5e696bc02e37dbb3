/**
 * A size-capped map that forgets the least recently used entry first (Map keeps insertion order;
 * a touch re-inserts). This is what keeps per-user spam state bounded however many users chat.
 */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }

  getOrCreate(key: K, create: () => V): V {
    let v = this.get(key);
    if (v === undefined) {
      v = create();
      this.set(key, v);
    }
    return v;
  }
}
