import type { MessageIds, Options } from './index.js';

/** What a detector found out about one retry loop; the checks are lazy because most verdicts need few. */
export interface RetryLoopFacts {
  /** A header bound or an attempt/deadline check that ends the loop. */
  bounded: boolean;
  /** After the last failed attempt, something throws, raises, logs or returns an error. */
  failureSurfaces(): boolean;
  /** The failure path waits (sleep, timer, awaited delay) before the next attempt, or needs not. */
  waitsOrNeedsNoWait(): boolean;
}

/**
 * The one finding a retry loop gets, the same in both languages: `unbounded` wins; with it
 * switched off an endless loop can still lack a pause; a bounded loop may swallow its last failure.
 */
export function retryLoopVerdict(facts: RetryLoopFacts, options: Pick<Options, 'checkUnbounded' | 'checkExhaustion' | 'checkBackoff'>): MessageIds | undefined {
  if (!facts.bounded && options.checkUnbounded) return 'unbounded';
  if (facts.bounded && options.checkExhaustion && !facts.failureSurfaces()) return 'silentExhaustion';
  if (options.checkBackoff && !facts.waitsOrNeedsNoWait()) return 'noBackoff';
  return undefined;
}
