import { DEFAULT_WORLD, type Emulator } from '../../emulator';
import { useEmulator } from '../../support/emulator';
import { createAudience, STEP } from '../../support/faults';
import { calls, getAdvertiser } from '../../support/operations';
import { assert, describe, it } from '../../support/testing';
import { ADVERTISERS, FAST_RETRY, runTikTok } from '../../support/tiktok';

// The request itself, whatever the operation: how it is sent, how TikTok's errors are reported,
// and how transient faults are retried.

describe('Transport → client: requests, errors and retries', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	it('sends GET arrays JSON-encoded in the query', async () => {
		const run = await runTikTok(
			emulator,
			getAdvertiser(ADVERTISERS.acmeShoesUs.id, { fields: ['name', 'currency'] }),
		);
		assert.equal(run.error, undefined);
		const [request] = calls(emulator, '/advertiser/info/');
		assert.equal(request.query.advertiser_ids, `["${ADVERTISERS.acmeShoesUs.id}"]`);
		assert.equal(request.query.fields, '["advertiser_id","name","currency"]');
		assert.deepEqual(Object.keys(run.json[0]).sort(), ['advertiser_id', 'currency', 'name']);
	});

	it('turns code != 0 into a NodeApiError with code, message and request ID, and no secret', async () => {
		const run = await runTikTok(emulator, getAdvertiser(ADVERTISERS.otherAgencyClient.id));
		assert.ok(run.error);
		assert.equal(run.error.name, 'NodeApiError');
		assert.match(run.error.message, /code 40001/);
		const reply = calls(emulator, '/advertiser/info/')[0].response;
		assert.ok(reply?.message && run.error.message.includes(reply.message));
		const serialised = JSON.stringify(run.run?.data.resultData);
		const requestId = (run.error as unknown as { errorResponse: { request_id: string } })
			.errorResponse.request_id;
		assert.match(requestId, /\w+/);
		assert.ok(serialised.includes(requestId), 'the request ID reaches the execution data');
		assert.match(String(run.error.description), /scope/);
		for (const secret of [DEFAULT_WORLD.tokens.production, DEFAULT_WORLD.app.secret]) {
			assert.ok(!serialised.includes(secret), 'no secret in the stored execution');
			assert.ok(!run.error.message.includes(secret));
		}
	});

	it('retries a rate limit (40100) twice, then succeeds', async () => {
		emulator.faults.add({
			path: '/open_api/v1.3/advertiser/info/',
			nth: 1,
			times: 2,
			kind: 'code',
			code: 40100,
		});
		const run = await runTikTok(
			emulator,
			getAdvertiser(ADVERTISERS.acmeShoesUs.id, { ...FAST_RETRY }),
		);
		assert.equal(run.error, undefined);
		assert.equal(run.json[0].name, ADVERTISERS.acmeShoesUs.name);
		const attempts = calls(emulator, '/advertiser/info/');
		assert.deepEqual(
			attempts.map((request) => request.response?.code),
			[40100, 40100, 0],
		);
	});

	it('gives up on a persistent 50000 after the bounded attempts, saying so', async () => {
		emulator.faults.add({
			path: '/open_api/v1.3/advertiser/info/',
			kind: 'code',
			code: 50000,
		});
		const run = await runTikTok(
			emulator,
			getAdvertiser(ADVERTISERS.acmeShoesUs.id, { ...FAST_RETRY }),
		);
		assert.ok(run.error);
		assert.equal(calls(emulator, '/advertiser/info/').length, FAST_RETRY.maxAttempts);
		assert.match(run.error.message, /code 50000/);
		assert.match(run.error.message, new RegExp(`Tried ${FAST_RETRY.maxAttempts} times`));
		assert.match(String(run.error.description), /internal error/);
	});

	it('retries HTTP 503 and connection resets on reads', async () => {
		emulator.faults.add({
			path: '/open_api/v1.3/advertiser/info/',
			nth: 1,
			kind: 'httpStatus',
			status: 503,
		});
		emulator.faults.add({
			path: '/open_api/v1.3/advertiser/info/',
			nth: 2,
			kind: 'reset',
		});
		const run = await runTikTok(
			emulator,
			getAdvertiser(ADVERTISERS.acmeShoesUs.id, { ...FAST_RETRY }),
		);
		assert.equal(run.error, undefined);
		assert.equal(run.json[0].name, ADVERTISERS.acmeShoesUs.name);
		assert.equal(calls(emulator, '/advertiser/info/').length, 3);
	});

	describe('persistent faults: clear errors and nothing half done', () => {
		it('stops retrying a rate limit, saying what was retried and for how long', async () => {
			emulator.faults.add({ path: STEP.create, kind: 'code', code: 40100 });
			const run = await createAudience(emulator, {
				maxAttempts: 3,
				retryDelay: 100,
				maxTotalWait: 10,
			});
			assert.ok(run.error);
			assert.match(run.error.message, /kept rate limiting/);
			assert.match(run.error.message, /Tried 3 times over 0\.\d s of waiting/);
			assert.match(String(run.error.description), /Max Total Wait/);
			assert.equal(emulator.requests.filter((request) => request.path === STEP.create).length, 3);
			assert.equal(emulator.world.counters.audiencesCreated, 0);
		});

		it('really waits between attempts: each wait at least half the doubling delay (equal jitter)', async () => {
			emulator.faults.add({ path: STEP.create, nth: 1, times: 2, kind: 'code', code: 40100 });
			const run = await createAudience(emulator, {
				maxAttempts: 3,
				retryDelay: 150,
				maxTotalWait: 10,
			});
			assert.equal(run.error, undefined, run.error?.message);
			const creates = emulator.requests.filter((request) => request.path === STEP.create);
			assert.equal(creates.length, 3);
			// Lower bounds only: half of 150 ms, then half of 300 ms (the other half is random, so
			// that executions limited together do not retry in step). Sleeping can take longer, never less.
			const gaps = [1, 2].map((index) => creates[index].receivedAt - creates[index - 1].receivedAt);
			assert.ok(gaps[0] >= 74 && gaps[1] >= 149, `waits between attempts: ${gaps.join(', ')} ms`);
		});

		it('gives up on a lost connection to create without creating anything', async () => {
			emulator.faults.add({ path: STEP.create, kind: 'reset' });
			const run = await createAudience(emulator);
			assert.ok(run.error);
			assert.match(
				run.error.message,
				/Could not reach TikTok: the connection was reset\. Tried 4 times/,
			);
			assert.equal(emulator.world.counters.audiencesCreated, 0);
		});
	});
});
