import { requestInChunks } from '../../nodes/TikTokForBusiness/helpers/chunks';
import {
	describeTikTokCode,
	isRateLimitCode,
	RETRYABLE_CODES,
} from '../../nodes/TikTokForBusiness/transport/advice';
import { chunk, splitIds } from '../../nodes/TikTokForBusiness/helpers/parameters';
import {
	DEFAULT_RETRY_POLICY,
	nextRetryDelay,
	retryPolicyFromOptions,
} from '../../nodes/TikTokForBusiness/transport/retry';
import { failureError, mayBeOneItemsFault } from '../../nodes/TikTokForBusiness/transport/errors';
import { readStoredToken } from '../../nodes/TikTokForBusiness/transport/tokenData';
import { encodeQuery } from '../../nodes/TikTokForBusiness/transport/request';
import { assert, describe, it } from '../support/testing';

describe('retry schedule', () => {
	const policy = { maxAttempts: 5, initialDelayMs: 1000, maxTotalWaitMs: 60_000 };

	it('doubles the wait after each attempt', () => {
		assert.deepEqual(
			[1, 2, 3, 4].map((attempts) => nextRetryDelay(policy, attempts, 0)),
			[1000, 2000, 4000, 8000],
		);
	});

	it('stops after the maximum number of attempts', () => {
		assert.equal(nextRetryDelay(policy, 5, 0), undefined);
	});

	it('never waits beyond the total budget, and stops when it is spent', () => {
		const tight = { maxAttempts: 10, initialDelayMs: 1000, maxTotalWaitMs: 5000 };
		assert.equal(nextRetryDelay(tight, 3, 3000), 2000, 'the last wait is shortened');
		assert.equal(nextRetryDelay(tight, 4, 5000), undefined);
	});

	it('reads the Options fields and falls back to safe defaults', () => {
		assert.deepEqual(retryPolicyFromOptions(undefined), DEFAULT_RETRY_POLICY);
		assert.deepEqual(
			retryPolicyFromOptions({ maxAttempts: 2.7, retryDelay: 10, maxTotalWait: 3 }),
			{
				maxAttempts: 2,
				initialDelayMs: 10,
				maxTotalWaitMs: 3000,
			},
		);
		assert.deepEqual(
			retryPolicyFromOptions({ maxAttempts: -1, retryDelay: 'soon', maxTotalWait: NaN }),
			{ ...DEFAULT_RETRY_POLICY, maxAttempts: DEFAULT_RETRY_POLICY.maxAttempts },
		);
		assert.equal(retryPolicyFromOptions({ maxAttempts: 0 }).maxAttempts, 1);
	});
});

describe('TikTok codes', () => {
	it('retries rate limits and server codes only', () => {
		for (const code of [40100, 40133, 50000, 50002, 51003, 60001, 61000]) {
			assert.ok(RETRYABLE_CODES.has(code), String(code));
		}
		for (const code of [0, 40001, 40002, 40105, 40900]) {
			assert.ok(!RETRYABLE_CODES.has(code), String(code));
		}
		assert.ok(isRateLimitCode(40133));
		assert.ok(!isRateLimitCode(50000));
	});

	it('tells production users to reconnect and sandbox users to make a new token', () => {
		assert.match(describeTikTokCode(40105, { isSandbox: false }), /Reconnect/);
		assert.match(describeTikTokCode(40102, { isSandbox: true }), /new sandbox access token/);
	});

	it('explains missing scopes, sandbox gaps and audiences that are not ready', () => {
		assert.match(describeTikTokCode(40001, { isSandbox: false }), /scope/);
		assert.match(describeTikTokCode(40014, { isSandbox: true }), /sandbox does not offer/);
		assert.doesNotMatch(describeTikTokCode(40002, { isSandbox: false }), /1,000/);
	});

	it("advises on a rejected audience parameter only what TikTok's message says", () => {
		const advice = (message: string) =>
			describeTikTokCode(40002, { isSandbox: false, aboutAudience: true, message });
		assert.match(advice('audience is still being processed; try again later'), /24-48 hours/);
		assert.match(advice('would have 998 IDs, below the minimum of 1000'), /at least 1,000/);
		for (const message of [
			'shared_advertiser_ids: advertiser 1 is not in the same Business Center as advertiser 2',
			'file_paths[0]: file f was uploaded with calculate_type EMAIL_SHA256, not MULTIPLE_TYPES',
			'custom_audience_name or file_paths: pass at least one of them',
		]) {
			assert.doesNotMatch(advice(message), /1,000|processing|24-48/);
			assert.match(advice(message), /names the parameter/);
		}
	});
});

describe('stored OAuth2 token data', () => {
	it('finds a flat token', () => {
		assert.deepEqual(readStoredToken({ access_token: 'abc', advertiser_ids: ['1'] }), {
			ok: true,
			tokenPath: 'access_token',
		});
	});

	it("finds a token wrapped in TikTok's envelope", () => {
		assert.deepEqual(readStoredToken({ code: 0, data: { access_token: 'abc' } }), {
			ok: true,
			tokenPath: 'data.access_token',
		});
	});

	it("reports TikTok's error when the exchange failed", () => {
		assert.deepEqual(readStoredToken({ code: 40110, message: 'Auth code expired', data: {} }), {
			ok: false,
			code: 40110,
			message: 'Auth code expired',
		});
	});

	it('reports nothing usable for empty or odd data', () => {
		for (const value of [undefined, null, {}, [], 'token', { access_token: '' }]) {
			assert.equal(readStoredToken(value).ok, false);
		}
	});
});

describe('query encoding', () => {
	it('JSON-encodes arrays and objects, stringifies the rest and drops empty values', () => {
		assert.deepEqual(
			encodeQuery({
				advertiser_ids: ['1', '2'],
				filtering: { status: 'ACTIVE' },
				page: 2,
				flag: false,
				missing: undefined,
				none: null,
			}),
			{
				advertiser_ids: '["1","2"]',
				filtering: '{"status":"ACTIVE"}',
				page: '2',
				flag: 'false',
			},
		);
	});
});

describe('ID lists', () => {
	it('splits text on commas, spaces, semicolons and new lines', () => {
		assert.deepEqual(splitIds(' 1, 2;3\n4  5,,'), ['1', '2', '3', '4', '5']);
		assert.deepEqual(splitIds(['1', 2]), ['1', 2]);
		assert.deepEqual(splitIds(7), [7]);
		assert.deepEqual(splitIds(undefined), []);
	});

	it('chunks a list', () => {
		assert.deepEqual(chunk([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
		assert.deepEqual(chunk([], 2), []);
	});
});

describe('requests in chunks', () => {
	it('sends unique IDs in chunks of the given size', async () => {
		const sent: string[][] = [];
		const { results, errors } = await requestInChunks(
			['1', '2', '3', '2', '4', '5'],
			2,
			async (ids) => {
				sent.push(ids);
				return new Map(ids.map((id) => [id, Number(id) * 10]));
			},
		);
		assert.deepEqual(sent, [['1', '2'], ['3', '4'], ['5']]);
		assert.deepEqual(
			[...results],
			[
				['1', 10],
				['2', 20],
				['3', 30],
				['4', 40],
				['5', 50],
			],
		);
		assert.equal(errors.size, 0);
	});

	it('isolates a bad ID by resending its chunk one ID at a time', async () => {
		const sent: string[][] = [];
		const { results, errors } = await requestInChunks(['1', 'bad', '3'], 3, async (ids) => {
			sent.push(ids);
			if (ids.includes('bad')) throw new Error('unknown id bad');
			return new Map(ids.map((id) => [id, true]));
		});
		assert.deepEqual(sent, [['1', 'bad', '3'], ['1'], ['bad'], ['3']]);
		assert.deepEqual([...results.keys()], ['1', '3']);
		assert.deepEqual([...errors.keys()], ['bad']);
		assert.match(errors.get('bad')!.message, /unknown id bad/);
	});
});

describe('mayBeOneItemsFault', () => {
	const failure = (outcome: Parameters<typeof failureError>[0]) =>
		failureError(outcome, {
			node: { name: 'TikTok for Business' } as never,
			endpoint: '/dmp/custom_audience/apply/',
			isSandbox: false,
			attempts: 1,
			waitedMs: 0,
		});
	const refused = (code: number) => failure({ kind: 'tiktokError', code, message: 'refused' });

	it('blames an item only when TikTok refused what the request asked for', () => {
		for (const code of [40000, 40001, 40002, 40007]) assert.ok(mayBeOneItemsFault(refused(code)));
		for (const code of [40100, 40133, 50000, 40105, 40102, 40009]) {
			assert.equal(mayBeOneItemsFault(refused(code)), false, String(code));
		}
		assert.equal(mayBeOneItemsFault(failure({ kind: 'httpError', status: 503 })), false);
		assert.equal(mayBeOneItemsFault(failure({ kind: 'httpError', status: 404 })), false);
		assert.equal(
			mayBeOneItemsFault(failure({ kind: 'networkError', reason: 'ECONNRESET' })),
			false,
		);
		// Anything that is not TikTok's answer may come from one item's input.
		assert.ok(mayBeOneItemsFault(new Error('unexpected reply')));
	});
});
