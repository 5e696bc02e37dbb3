/**
 * A viewer that reads slower than the room talks makes its socket buffer grow in the node's
 * memory. Past the bound the node disconnects it (it can reconnect and catch up from history)
 * instead of buffering without limit or silently dropping frames.
 */
export function exceedsBuffer(bufferedBytes: number, nextFrameBytes: number, maxBufferedBytes: number): boolean {
  return bufferedBytes + nextFrameBytes > maxBufferedBytes;
}
