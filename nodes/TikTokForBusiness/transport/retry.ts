import type { IDataObject } from 'n8n-workflow';

export interface RetryPolicy {
	/** Attempts in total, the first one included. */
	maxAttempts: number;
	/** Wait before the second attempt; each later wait doubles. */
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
 * How long to wait before the next attempt, or undefined when the policy allows no more.
 * The last wait is shortened to what is left of the total budget.
 */
export function nextRetryDelay(
	policy: RetryPolicy,
	attemptsMade: number,
	waitedMs: number,
): number | undefined {
	if (attemptsMade >= policy.maxAttempts) return undefined;
	const remaining = policy.maxTotalWaitMs - waitedMs;
	if (remaining <= 0) return undefined;
	const delay = policy.initialDelayMs * 2 ** Math.max(0, attemptsMade - 1);
	return Math.min(delay, remaining);
}

function positiveNumber(value: unknown, fallback: number): number {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** Reads the retry fields of an operation's "Options" collection. */
export function retryPolicyFromOptions(options: IDataObject | undefined): RetryPolicy {
	const values = options ?? {};
	return {
		maxAttempts: Math.max(
			1,
			Math.floor(positiveNumber(values.maxAttempts, DEFAULT_RETRY_POLICY.maxAttempts)),
		),
		initialDelayMs: positiveNumber(values.retryDelay, DEFAULT_RETRY_POLICY.initialDelayMs),
		maxTotalWaitMs:
			positiveNumber(values.maxTotalWait, DEFAULT_RETRY_POLICY.maxTotalWaitMs / 1000) * 1000,
	};
}
