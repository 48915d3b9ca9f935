import { DEFAULT_WORLD, type Emulator } from '../emulator';
import { useEmulator } from '../support/emulator';
import { assert, describe, it } from '../support/testing';
import {
	ADVERTISERS,
	byId,
	FAST_RETRY,
	productionCredential,
	runTikTok,
	tokenData,
} from '../support/tiktok';

const getAdvertiser = (advertiserId: string, options = {}) => ({
	resource: 'advertiser',
	operation: 'get',
	advertiserId: byId(advertiserId),
	options,
});

function apiRequests(emulator: Emulator, path: string) {
	return emulator.requests.filter((request) => request.path === `/open_api/v1.3${path}`);
}

describe('transport and credentials through n8n', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	it('sends sandbox requests to the sandbox base URL with the Access-Token header', async () => {
		const run = await runTikTok(emulator, getAdvertiser(ADVERTISERS.sandbox.id), {
			credential: 'sandbox',
		});
		assert.equal(run.error, undefined);
		assert.equal(run.json[0].advertiser_id, ADVERTISERS.sandbox.id);
		const [request] = apiRequests(emulator, '/advertiser/info/');
		assert.equal(request.environment, 'sandbox');
		assert.equal(request.headers['access-token'], DEFAULT_WORLD.tokens.sandbox);
	});

	for (const shape of ['flat', 'wrapped'] as const) {
		it(`signs OAuth2 requests with Access-Token when the token data is ${shape}`, async () => {
			const run = await runTikTok(emulator, getAdvertiser(ADVERTISERS.acmeShoesUs.id), {
				credentials: [
					productionCredential(emulator, tokenData(shape, DEFAULT_WORLD.tokens.production)),
				],
			});
			assert.equal(run.error, undefined);
			assert.equal(run.json[0].name, ADVERTISERS.acmeShoesUs.name);
			const [request] = apiRequests(emulator, '/advertiser/info/');
			assert.equal(request.environment, 'production');
			assert.equal(request.headers['access-token'], DEFAULT_WORLD.tokens.production);
		});
	}

	it('asks to reconnect, quoting TikTok, when the stored token data is an error', async () => {
		const failedExchange = {
			code: 40110,
			message: 'Auth code is invalid or has expired.',
			request_id: '202611250000000000002',
			data: {},
		};
		const run = await runTikTok(emulator, getAdvertiser(ADVERTISERS.acmeShoesUs.id), {
			credentials: [productionCredential(emulator, failedExchange)],
		});
		assert.ok(run.error);
		assert.match(run.error.message, /reconnect the credential/);
		assert.match(run.error.message, /Auth code is invalid or has expired\./);
		assert.match(run.error.message, /40110/);
		assert.equal(emulator.requests.length, 0, 'nothing is sent without a token');
	});

	it('sends GET arrays JSON-encoded in the query', async () => {
		const run = await runTikTok(
			emulator,
			getAdvertiser(ADVERTISERS.acmeShoesUs.id, { fields: ['name', 'currency'] }),
		);
		assert.equal(run.error, undefined);
		const [request] = apiRequests(emulator, '/advertiser/info/');
		assert.equal(request.query.advertiser_ids, `["${ADVERTISERS.acmeShoesUs.id}"]`);
		assert.equal(request.query.fields, '["advertiser_id","name","currency"]');
		assert.deepEqual(Object.keys(run.json[0]).sort(), ['advertiser_id', 'currency', 'name']);
	});

	it('turns code != 0 into a NodeApiError with code, message and request ID, and no secret', async () => {
		const run = await runTikTok(emulator, getAdvertiser(ADVERTISERS.otherAgencyClient.id));
		assert.ok(run.error);
		assert.equal(run.error.name, 'NodeApiError');
		assert.match(run.error.message, /code 40001/);
		const reply = apiRequests(emulator, '/advertiser/info/')[0].response;
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
		const attempts = apiRequests(emulator, '/advertiser/info/');
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
		assert.equal(apiRequests(emulator, '/advertiser/info/').length, FAST_RETRY.maxAttempts);
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
		assert.equal(apiRequests(emulator, '/advertiser/info/').length, 3);
	});
});
