import { RETRYABLE_CODES } from './advice';
import type { FailedAttempt } from './errors';

export interface RetryPolicy {
	/** Attempts in total, the first one included. */
	maxAttempts: number;
	/** Wait before the second attempt, at most; each later wait doubles. */
	initialDelayMs: number;
	/** Upper bound on the time spent waiting between attempts of one request. */
	maxTotalWaitMs: number;
}

// TikTok asks clients to retry a per-second limit in the next second and to back off longer for
// per-minute limits: doubling from one second covers both without waiting forever.
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 5,
	initialDelayMs: 1000,
	maxTotalWaitMs: 60_000,
};

/**
 * What a failed attempt calls for: sending the same request again (TikTok did not act on it, or
 * acting twice changes nothing), finding out whether a lost request took effect before anything
 * else (`reconcile`), or giving up.
 */
export type RetryDecision = 'retry' | 'reconcile' | 'fail';

export function decideRetry(outcome: FailedAttempt, idempotent: boolean): RetryDecision {
	// Rate limits and TikTok's internal errors are answered before TikTok acts on a request.
	if (outcome.kind === 'tiktokError') return RETRYABLE_CODES.has(outcome.code) ? 'retry' : 'fail';
	const replyLost =
		outcome.kind === 'networkError' || (outcome.kind === 'httpError' && outcome.status >= 500);
	if (!replyLost) return 'fail';
	// The request may have been carried out: only a request that can be repeated is sent again.
	return idempotent ? 'retry' : 'reconcile';
}

/**
 * How long to wait before the next attempt, or undefined when the policy allows no more. The
 * doubling wait is "equal jitter" (half fixed, half random), as in Marc Brooker, "Exponential
 * Backoff And Jitter", AWS Architecture Blog, 2015: executions that were limited together do not
 * retry in step, and each still waits at least half the doubled delay. The last wait is shortened
 * to what is left of the total budget. `random` returns a number in [0, 1].
 */
export function nextRetryDelay(
	policy: RetryPolicy,
	attemptsMade: number,
	waitedMs: number,
	random: () => number = Math.random,
): number | undefined {
	if (attemptsMade >= policy.maxAttempts) return undefined;
	const remaining = policy.maxTotalWaitMs - waitedMs;
	if (remaining <= 0) return undefined;
	const ceiling = policy.initialDelayMs * 2 ** Math.max(0, attemptsMade - 1);
	const delay = Math.round(ceiling / 2 + (ceiling / 2) * random());
	return Math.min(delay, remaining);
}
