import { ERROR_CODES } from '@tribune/contracts';
import type { SendRecord } from '../load/chat-client';

export interface SendSummary {
  sent: number;
  /** Ids the nodes acked `accepted`: the oracle's reference list. */
  accepted: string[];
  unavailable: number;
  otherStatus: number;
  noAck: number;
}

export const isUnavailable = (r: SendRecord) => r.status === 'rejected' && r.reason === ERROR_CODES.UNAVAILABLE;

export function summarizeSends(records: SendRecord[]): SendSummary {
  const s: SendSummary = { sent: records.length, accepted: [], unavailable: 0, otherStatus: 0, noAck: 0 };
  for (const r of records) {
    if (r.status === 'accepted' && r.id) s.accepted.push(r.id);
    else if (isUnavailable(r)) s.unavailable++;
    else if (r.status) s.otherStatus++;
    else s.noAck++;
  }
  return s;
}

export const describeSends = (s: SendSummary) => `${s.sent} sent: ${s.accepted.length} accepted, ${s.unavailable} unavailable, ${s.otherStatus} other status, ${s.noAck} without ack`;
