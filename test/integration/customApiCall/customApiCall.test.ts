import type { Emulator } from '../../emulator';
import { useEmulator } from '../../support/emulator';
import { assert, describe, it } from '../../support/testing';
import { ADVERTISERS, FAST_RETRY, runTikTok, type CredentialKind } from '../../support/tiktok';

describe('Custom API Call', () => {
	let current: Emulator;
	useEmulator((started) => (current = started));
	const emulator = () => current;

	for (const credential of ['production', 'sandbox'] as CredentialKind[]) {
		it(`signs a GET with the ${credential} credential`, async () => {
			const advertiserId =
				credential === 'sandbox' ? ADVERTISERS.sandbox.id : ADVERTISERS.acmeShoesUs.id;
			const run = await runTikTok(
				emulator(),
				{
					resource: 'customApiCall',
					customMethod: 'GET',
					customEndpoint: '/advertiser/info/',
					customQuery: JSON.stringify({
						advertiser_ids: [advertiserId],
						fields: ['advertiser_id', 'name'],
					}),
				},
				{ credential },
			);
			assert.equal(run.error, undefined, run.error?.message);
			const list = run.json[0].list as Array<{ advertiser_id: string }>;
			assert.equal(list[0].advertiser_id, advertiserId);
		});
	}

	it('runs a POST from an operation list, with the item pairing and TikTok errors', async () => {
		const run = await runTikTok(
			emulator(),
			{
				resource: 'audience',
				operation: 'customApiCall',
				customMethod: 'POST',
				customEndpoint: 'dmp/custom_audience/lookalike/update',
				customBody: JSON.stringify({
					advertiser_id: ADVERTISERS.acmeShoesUs.id,
					custom_audience_ids: ['1'],
				}),
			},
			{ continueOnFail: true },
		);
		assert.equal(run.json.length, 1);
		assert.match(String(run.json[0].error), /TikTok refused the request/);
		assert.equal(typeof run.json[0].code, 'number');
	});

	it('refuses anything but a path below the API, so the token never goes elsewhere', async () => {
		for (const endpoint of ['https://example.com/steal/', '../../x/', '/a b/']) {
			const run = await runTikTok(emulator(), {
				resource: 'customApiCall',
				customEndpoint: endpoint,
			});
			assert.match(String(run.error?.message), /is not a TikTok API path/);
		}
		assert.equal(
			emulator().requests.length,
			0,
			'a request was sent for an endpoint that is not a TikTok path',
		);
	});
});

const US = ADVERTISERS.acmeShoesUs.id;

describe('Custom API Call: methods from expressions', () => {
	let emulator: Emulator;
	useEmulator((started) => (emulator = started));

	const call = (customMethod: string) => ({
		resource: 'customApiCall',
		customMethod,
		customEndpoint: '/advertiser/info/',
		customQuery: JSON.stringify({ advertiser_ids: [US] }),
		options: FAST_RETRY,
	});

	for (const method of ['DELETE', 'put', 'PATCH', '', 'GET POST']) {
		it(`refuses "${method}" before any request`, async () => {
			const run = await runTikTok(emulator, call(`={{ "${method}" }}`));
			assert.match(String(run.error?.message), /takes GET and POST/);
			assert.equal(emulator.requests.length, 0);
		});
	}

	it('reads "get" in any case as GET: sent as GET, and retried like a read', async () => {
		emulator.faults.add({
			path: '/open_api/v1.3/advertiser/info/',
			nth: 1,
			kind: 'httpStatus',
			status: 503,
		});
		const run = await runTikTok(emulator, call('={{ " get " }}'));
		assert.equal(run.error, undefined, run.error?.message);
		const sent = emulator.requests.filter(
			(request) => request.path === '/open_api/v1.3/advertiser/info/',
		);
		assert.deepEqual(
			sent.map((request) => request.method),
			['GET', 'GET'],
		);
	});
});
