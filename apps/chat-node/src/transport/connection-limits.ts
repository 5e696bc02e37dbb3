export type AdmitResult = { ok: true } | { ok: false; reason: 'node_full' | 'ip_limit' };

/**
 * Caps open connections per node (below the process fd limit: the rest go to another node) and
 * per client address (one client cannot take a node's capacity). Acquire before the handshake
 * work, release exactly once when the connection ends.
 */
export class ConnectionLimiter {
  private total = 0;
  private readonly perIp = new Map<string, number>();

  constructor(
    private readonly maxTotal: number,
    private readonly maxPerIp: number,
  ) {}

  get open(): number {
    return this.total;
  }

  tryAcquire(ip: string): AdmitResult {
    if (this.total >= this.maxTotal) return { ok: false, reason: 'node_full' };
    const mine = this.perIp.get(ip) ?? 0;
    if (mine >= this.maxPerIp) return { ok: false, reason: 'ip_limit' };
    this.total += 1;
    this.perIp.set(ip, mine + 1);
    return { ok: true };
  }

  release(ip: string): void {
    const mine = this.perIp.get(ip) ?? 0;
    if (mine <= 0) return;
    this.total -= 1;
    if (mine === 1) this.perIp.delete(ip);
    else this.perIp.set(ip, mine - 1);
  }
}
