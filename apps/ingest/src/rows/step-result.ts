/**
 * What one step does with one Kafka message: load it (`ok`), send it to the dead-letter topic
 * with a reason (`dlq`), or skip it on purpose (`drop`, e.g. a tombstone). Every outcome is explicit,
 * so nothing is lost by a forgotten branch.
 */
export type StepResult<T> = { kind: 'ok'; value: T } | { kind: 'dlq'; reason: string } | { kind: 'drop'; reason: string };

export const ok = <T>(value: T): StepResult<T> => ({ kind: 'ok', value });
export const dlq = (reason: string): StepResult<never> => ({ kind: 'dlq', reason });
export const drop = (reason: string): StepResult<never> => ({ kind: 'drop', reason });
