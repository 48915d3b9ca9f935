import fc from 'fast-check';

import type { FailedAttempt } from '../../../nodes/TikTokForBusiness/transport/errors';
import {
	decideRetry,
	DEFAULT_RETRY_POLICY,
	nextRetryDelay,
} from '../../../nodes/TikTokForBusiness/transport/retry';
import { assert, describe, it } from '../../support/testing';

const top = () => 1;
const bottom = () => 0;

describe('retry schedule', () => {
	const policy = { maxAttempts: 5, initialDelayMs: 1000, maxTotalWaitMs: 60_000 };

	it('doubles the wait after each attempt (at the top of its jitter)', () => {
		assert.deepEqual(
			[1, 2, 3, 4].map((attempts) => nextRetryDelay(policy, attempts, 0, top)),
			[1000, 2000, 4000, 8000],
		);
	});

	it('waits at least half the doubled delay: equal jitter', () => {
		assert.deepEqual(
			[1, 2, 3, 4].map((attempts) => nextRetryDelay(policy, attempts, 0, bottom)),
			[500, 1000, 2000, 4000],
		);
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 4 }),
				fc.double({ min: 0, max: 1, noNaN: true }),
				(attempts, random) => {
					const delay = nextRetryDelay(policy, attempts, 0, () => random) as number;
					const ceiling = 1000 * 2 ** (attempts - 1);
					return delay >= ceiling / 2 && delay <= ceiling;
				},
			),
		);
	});

	it('spreads the waits of executions limited at the same moment', () => {
		const delays = new Set(Array.from({ length: 50 }, () => nextRetryDelay(policy, 3, 0)));
		assert.ok(delays.size > 10, `only ${delays.size} different waits out of 50`);
	});

	it('stops after the maximum number of attempts', () => {
		assert.equal(nextRetryDelay(policy, 5, 0, top), undefined);
	});

	it('never waits beyond the total budget, and stops when it is spent', () => {
		const tight = { maxAttempts: 10, initialDelayMs: 1000, maxTotalWaitMs: 5000 };
		assert.equal(nextRetryDelay(tight, 3, 3000, top), 2000, 'the last wait is shortened');
		assert.equal(nextRetryDelay(tight, 4, 5000, top), undefined);
	});

	it('has safe defaults', () => {
		assert.deepEqual(DEFAULT_RETRY_POLICY, {
			maxAttempts: 5,
			initialDelayMs: 1000,
			maxTotalWaitMs: 60_000,
		});
	});
});

describe('decideRetry', () => {
	const code = (value: number): FailedAttempt => ({
		kind: 'tiktokError',
		code: value,
		message: '',
	});
	const http = (status: number): FailedAttempt => ({ kind: 'httpError', status });
	const network: FailedAttempt = { kind: 'networkError', reason: 'ECONNRESET' };

	it('retries what TikTok did not act on, for any request', () => {
		for (const value of [40016, 40100, 40133, 50000, 50002, 51003, 60001, 61000]) {
			assert.equal(decideRetry(code(value), false), 'retry', String(value));
			assert.equal(decideRetry(code(value), true), 'retry', String(value));
		}
	});

	it('never retries a refusal, a rejected token or an HTTP-level answer below 500', () => {
		for (const value of [40001, 40002, 40007, 40102, 40105, 40900]) {
			assert.equal(decideRetry(code(value), true), 'fail', String(value));
		}
		for (const status of [400, 401, 403, 404, 429])
			assert.equal(decideRetry(http(status), true), 'fail');
	});

	it('resends a lost reply only when the request can be repeated; otherwise reconciles first', () => {
		for (const lost of [network, http(500), http(502), http(503)]) {
			assert.equal(decideRetry(lost, true), 'retry');
			assert.equal(decideRetry(lost, false), 'reconcile');
		}
	});
});
