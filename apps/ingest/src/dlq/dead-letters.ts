import type { DlqEvent } from '@tribune/contracts';

export interface DeadLetter {
  /** Key of the original message (the room), kept so the dead letter lands beside its peers. */
  key: Buffer | null;
  event: DlqEvent;
}

/** Where events ingest cannot load go, with the reason (port). Resolves once the broker accepted them. */
export interface DeadLetterSink {
  send(letters: DeadLetter[]): Promise<void>;
}
