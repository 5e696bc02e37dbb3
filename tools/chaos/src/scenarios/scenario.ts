import type { ChaosStack, Log } from '../stack/chaos-stack';
import type { Lane } from '../stack/lane';
import type { ScenarioResult } from '../report/result';

export interface ScenarioContext {
  stack: ChaosStack;
  /** This scenario's topics, Redis prefix, rooms and app processes (stopped by the suite afterwards). */
  lane: Lane;
  short: boolean;
  log: Log;
}

/** One fault, injected on the real stack under load, judged by the independent oracle. */
export interface Scenario {
  /** Kebab-case, also the lane's name (rooms, topics): short. */
  name: string;
  /** What it does, one line. */
  title: string;
  /** Part of `--short` (the run meant for `npm test`). */
  inShort: boolean;
  /** Hard bound: past it the scenario is reported FAIL and its processes are stopped. */
  budgetMs(short: boolean): number;
  run(ctx: ScenarioContext): Promise<ScenarioResult>;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
