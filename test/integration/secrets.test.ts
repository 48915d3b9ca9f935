import type { INodeParameters } from 'n8n-workflow';

import { DEFAULT_WORLD, startEmulator, type Emulator } from '../emulator';
import { after, assert, before, describe, it } from '../support/testing';
import {
	ADVERTISERS,
	AUDIENCES,
	byId,
	productionCredential,
	runTikTok,
	sandboxCredential,
	tokenData,
	type RunTikTokOptions,
	type TikTokRun,
} from '../support/tiktok';

const SECRETS = {
	'production access token': DEFAULT_WORLD.tokens.production,
	'revoked access token': DEFAULT_WORLD.tokens.revoked,
	'sandbox access token': DEFAULT_WORLD.tokens.sandbox,
	'app secret': DEFAULT_WORLD.app.secret,
};

// TikTok's /oauth2/advertiser/get/ takes the app ID and secret as query parameters (GET, no
// body): the one request whose URL must carry the secret, over HTTPS, to TikTok itself.
const ADVERTISER_LIST_ENDPOINT = '/open_api/v1.3/oauth2/advertiser/get/';

describe('secrets never leak', () => {
	let emulator: Emulator;
	const runs: Array<{ label: string; run: TikTokRun }> = [];

	before(async () => {
		emulator = await startEmulator();
		const fast = { maxAttempts: 2, retryDelay: 1, maxTotalWait: 1 };
		const scenarios: Array<[string, INodeParameters, RunTikTokOptions?]> = [
			['list advertisers', { resource: 'advertiser', operation: 'getAll', returnAll: true }],
			[
				'read an advertiser without permission',
				{
					resource: 'advertiser',
					operation: 'get',
					advertiserId: byId(ADVERTISERS.otherAgencyClient.id),
				},
			],
			[
				'create an audience',
				{
					resource: 'audience',
					operation: 'create',
					advertiserId: byId(ADVERTISERS.acmeShoesUs.id),
					audienceName: 'Secrets check',
					source: 'items',
					identifierFields: { emailField: 'email' },
				},
				{ items: [{ email: 'a@x.example' }, { email: 'b@x.example' }] },
			],
			[
				'get a foreign audience, continuing on fail',
				{
					resource: 'audience',
					operation: 'get',
					advertiserId: byId(ADVERTISERS.acmeShoesUs.id),
					audienceId: byId(AUDIENCES.otherAgencyRetargeting.id),
				},
				{ continueOnFail: true },
			],
			[
				'use a revoked token',
				{ resource: 'advertiser', operation: 'getAll', returnAll: true },
				{
					credentials: [
						productionCredential(emulator, tokenData('flat', DEFAULT_WORLD.tokens.revoked)),
					],
				},
			],
			[
				'list advertisers in the sandbox',
				{ resource: 'advertiser', operation: 'getAll', returnAll: true },
				{ credential: 'sandbox' },
			],
			[
				'fail to reach TikTok',
				{
					resource: 'audience',
					operation: 'getAll',
					advertiserId: byId(ADVERTISERS.acmeShoesUs.id),
					returnAll: true,
					options: fast,
				},
			],
			[
				'fail to reach TikTok while listing ad accounts (the URL carries the app secret)',
				{ resource: 'advertiser', operation: 'getAll', returnAll: true, options: fast },
			],
			[
				'fail on a rate limit in the sandbox',
				{
					resource: 'audience',
					operation: 'getAll',
					advertiserId: byId(ADVERTISERS.sandbox.id),
					returnAll: true,
					options: fast,
				},
				{ credential: 'sandbox', credentials: [sandboxCredential(emulator)] },
			],
		];
		for (const [label, parameters, options] of scenarios) {
			emulator.faults.clear();
			if (label === 'fail to reach TikTok') {
				emulator.faults.add({ path: '*', kind: 'reset' });
			}
			if (label.startsWith('fail to reach TikTok while listing ad accounts')) {
				emulator.faults.add({ path: ADVERTISER_LIST_ENDPOINT, kind: 'drop' });
			}
			if (label === 'fail on a rate limit in the sandbox') {
				emulator.faults.add({ path: '*', kind: 'code', code: 40100 });
			}
			runs.push({ label, run: await runTikTok(emulator, parameters, options) });
		}
	});
	after(async () => await emulator.close());

	it('the scenarios ran, and some of them failed', () => {
		assert.ok(runs.some(({ run }) => run.error === undefined));
		assert.ok(runs.filter(({ run }) => run.error !== undefined).length >= 4);
		assert.ok(emulator.requests.some((request) => request.path === ADVERTISER_LIST_ENDPOINT));
	});

	it('in no output item, error message, description or stored execution', () => {
		for (const { label, run } of runs) {
			const texts = [
				JSON.stringify(run.json),
				run.error?.message ?? '',
				String(run.error?.description ?? ''),
				JSON.stringify(run.run),
			];
			for (const [name, secret] of Object.entries(SECRETS)) {
				for (const text of texts) {
					assert.ok(!text.includes(secret), `${name} leaked in "${label}"`);
				}
			}
		}
	});

	it('in no URL TikTok receives, except the app secret where TikTok requires it', () => {
		assert.ok(emulator.requests.length > 10);
		for (const request of emulator.requests) {
			for (const [name, secret] of Object.entries(SECRETS)) {
				if (name === 'app secret' && request.path === ADVERTISER_LIST_ENDPOINT) continue;
				assert.ok(!request.rawUrl.includes(secret), `${name} in ${request.rawUrl}`);
			}
		}
	});

	it('the token travels in the Access-Token header', () => {
		const signed = emulator.requests.filter((request) => request.path.startsWith('/open_api/'));
		assert.ok(signed.length > 0);
		for (const request of signed) {
			assert.ok(
				Object.values(DEFAULT_WORLD.tokens).includes(
					request.headers[
						'access-token'
					] as (typeof DEFAULT_WORLD.tokens)[keyof typeof DEFAULT_WORLD.tokens],
				),
				`${request.path} carries a token header`,
			);
		}
	});
});

describe('the OAuth2 token goes only into the Access-Token header', () => {
	let emulator: Emulator;
	before(async () => {
		emulator = await startEmulator();
	});
	after(async () => await emulator.close());

	for (const tokenType of ['bearer', 'mac', 'Bearer', undefined]) {
		it(`whatever token type TikTok's reply stored (${String(tokenType)})`, async () => {
			const stored = { ...tokenData('flat', DEFAULT_WORLD.tokens.production) };
			if (tokenType === undefined) delete stored.token_type;
			else stored.token_type = tokenType;
			const run = await runTikTok(
				emulator,
				{
					resource: 'audience',
					operation: 'getAll',
					advertiserId: byId(ADVERTISERS.acmeShoesUs.id),
				},
				{ credentials: [productionCredential(emulator, stored)] },
			);
			assert.equal(run.error, undefined, run.error?.message);
			const requests = emulator.requests.filter((request) => request.path.includes('/dmp/'));
			assert.ok(requests.length > 0, 'no audience request was recorded');
			for (const request of requests) {
				assert.doesNotMatch(request.rawUrl, /access_token/i);
				assert.equal(request.headers['access-token'], DEFAULT_WORLD.tokens.production);
			}
		});
	}
});
