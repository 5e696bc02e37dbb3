/** Viewers per loopback source address: under the nodes' default per-address cap (50). */
export const VIEWERS_PER_ADDRESS = 40;

/**
 * The loopback address viewer `index` connects from (127.10.x.y): all of 127/8 is loopback on Linux,
 * so spreading viewers over addresses keeps each under the per-address cap without switching it off.
 */
export function sourceAddress(index: number): string {
  const a = Math.floor(index / VIEWERS_PER_ADDRESS);
  return `127.10.${Math.floor(a / 250)}.${1 + (a % 250)}`;
}
