import { DEFAULT_WORLD, type Emulator } from '../emulator';
import { searchList } from '../support/harness';
import { useEmulator } from '../support/emulator';
import { assert, describe, it } from '../support/testing';
import {
	ADVERTISERS,
	byId,
	idFromItem,
	productionCredential,
	runTikTok,
	sandboxCredential,
	tikTokNode,
} from '../support/tiktok';

const AUTHORIZED = DEFAULT_WORLD.authorizingAdvertiserIds;

function calls(emulator: Emulator, path: string) {
	return emulator.requests.filter((request) => request.path === `/open_api/v1.3${path}`);
}

describe('Advertiser resource', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	describe('Get Many', () => {
		it('lists the ad accounts that authorized the app (production)', async () => {
			const run = await runTikTok(emulator, {
				resource: 'advertiser',
				operation: 'getAll',
				returnAll: true,
			});
			assert.equal(run.error, undefined);
			assert.deepEqual(
				run.json.map((advertiser) => advertiser.advertiser_id).sort(),
				[...AUTHORIZED].sort(),
			);
			assert.ok(run.json.some((advertiser) => advertiser.advertiser_name === 'Acme Shoes US'));
			const [request] = calls(emulator, '/oauth2/advertiser/get/');
			assert.equal(request.query.app_id, DEFAULT_WORLD.app.appId);
		});

		it('stops at the limit', async () => {
			const run = await runTikTok(emulator, {
				resource: 'advertiser',
				operation: 'getAll',
				returnAll: false,
				limit: 2,
			});
			assert.equal(run.json.length, 2);
		});

		it("offers the sandbox credential's ad account instead of TikTok's unsupported list", async () => {
			const run = await runTikTok(
				emulator,
				{ resource: 'advertiser', operation: 'getAll', returnAll: true },
				{ credential: 'sandbox' },
			);
			assert.equal(run.error, undefined);
			assert.deepEqual(run.json, [
				{ advertiser_id: ADVERTISERS.sandbox.id, advertiser_name: ADVERTISERS.sandbox.name },
			]);
			assert.equal(calls(emulator, '/oauth2/advertiser/get/').length, 0);
		});

		for (const code of [40008, 40009, 40014, 40001]) {
			it(`still offers the sandbox ad account when the sandbox refuses /advertiser/info/ (${code})`, async () => {
				emulator.faults.add({
					path: '/open_api/v1.3/advertiser/info/',
					kind: 'code',
					code,
					times: 100,
				});
				const run = await runTikTok(
					emulator,
					{ resource: 'advertiser', operation: 'getAll', returnAll: true },
					{ credential: 'sandbox' },
				);
				assert.equal(run.error, undefined, run.error?.message);
				assert.deepEqual(run.json, [
					{ advertiser_id: ADVERTISERS.sandbox.id, advertiser_name: 'Sandbox ad account' },
				]);
			});
		}
	});

	describe('Get', () => {
		it('returns the selected fields only', async () => {
			const run = await runTikTok(emulator, {
				resource: 'advertiser',
				operation: 'get',
				advertiserId: byId(ADVERTISERS.acmeShoesEu.id),
				options: { fields: ['name', 'currency', 'timezone', 'status'] },
			});
			assert.equal(run.error, undefined);
			assert.deepEqual(Object.keys(run.json[0]).sort(), [
				'advertiser_id',
				'currency',
				'name',
				'status',
				'timezone',
			]);
			assert.equal(run.json[0].name, ADVERTISERS.acmeShoesEu.name);
		});

		it('returns every field with Simplify off, and key fields with it on', async () => {
			const full = await runTikTok(emulator, {
				resource: 'advertiser',
				operation: 'get',
				advertiserId: byId(ADVERTISERS.acmeShoesUs.id),
				simplify: false,
			});
			const simple = await runTikTok(emulator, {
				resource: 'advertiser',
				operation: 'get',
				advertiserId: byId(ADVERTISERS.acmeShoesUs.id),
			});
			assert.ok(Object.keys(full.json[0]).length > 15);
			assert.deepEqual(Object.keys(simple.json[0]).sort(), [
				'advertiser_id',
				'balance',
				'country',
				'currency',
				'name',
				'status',
				'timezone',
			]);
		});

		it('reads 250 ad accounts in 3 requests of at most 100', async () => {
			const added = emulator.world.addAdvertisers(247, {
				authorizeToken: DEFAULT_WORLD.tokens.production,
			});
			const ids = [...AUTHORIZED, ...added.map((advertiser) => advertiser.advertiserId)];
			assert.equal(ids.length, 250);
			const run = await runTikTok(
				emulator,
				{
					resource: 'advertiser',
					operation: 'get',
					advertiserId: idFromItem(),
				},
				{ items: ids.map((id) => ({ id })) },
			);
			assert.equal(run.error, undefined);
			const requests = calls(emulator, '/advertiser/info/');
			assert.equal(requests.length, 3);
			assert.deepEqual(
				requests.map((request) => JSON.parse(String(request.query.advertiser_ids)).length),
				[100, 100, 50],
			);
			assert.deepEqual(
				run.json.map((advertiser) => advertiser.advertiser_id),
				ids,
			);
			assert.deepEqual(
				run.output.map((item) => item.pairedItem),
				ids.map((_, item) => ({ item })),
			);
		});

		it('with Continue On Fail, fails only the unknown ad account', async () => {
			const ids = [ADVERTISERS.acmeShoesUs.id, '7309999999999999999', ADVERTISERS.acmeOutlet.id];
			const run = await runTikTok(
				emulator,
				{
					resource: 'advertiser',
					operation: 'get',
					advertiserId: idFromItem(),
				},
				{ items: ids.map((id) => ({ id })), continueOnFail: true },
			);
			assert.equal(run.error, undefined);
			assert.equal(run.json.length, 3);
			assert.equal(run.json[0].name, ADVERTISERS.acmeShoesUs.name);
			assert.match(String(run.json[1].error), /7309999999999999999|no ad account/);
			assert.equal(run.json[2].name, ADVERTISERS.acmeOutlet.name);
			assert.deepEqual(run.output[1].pairedItem, { item: 1 });
		});

		it('without Continue On Fail, stops with the failing item index', async () => {
			const ids = [ADVERTISERS.acmeShoesUs.id, '7309999999999999999'];
			const run = await runTikTok(
				emulator,
				{
					resource: 'advertiser',
					operation: 'get',
					advertiserId: idFromItem(),
				},
				{ items: ids.map((id) => ({ id })) },
			);
			assert.ok(run.error);
			assert.equal(run.error.context?.itemIndex, 1);
		});

		it("rejects a typed ID that is not digits through the locator's validation", async () => {
			const run = await runTikTok(emulator, {
				resource: 'advertiser',
				operation: 'get',
				advertiserId: byId('acme-us'),
			});
			assert.ok(run.error);
			assert.match(run.error.message, /workflow has issues/);
			assert.equal(calls(emulator, '/advertiser/info/').length, 0);
		});

		it('rejects an ID from an expression that is not digits before calling TikTok', async () => {
			const run = await runTikTok(
				emulator,
				{
					resource: 'advertiser',
					operation: 'get',
					advertiserId: idFromItem(),
				},
				{ items: [{ id: 'acme-us' }] },
			);
			assert.ok(run.error);
			assert.match(run.error.message, /"acme-us" is not valid/);
			assert.equal(calls(emulator, '/advertiser/info/').length, 0);
		});

		it('reads the ID from an Ads Manager URL', async () => {
			const run = await runTikTok(emulator, {
				resource: 'advertiser',
				operation: 'get',
				advertiserId: {
					__rl: true,
					mode: 'url',
					value: `https://ads.tiktok.com/i18n/dashboard?aadvid=${ADVERTISERS.acmeOutlet.id}`,
				},
			});
			assert.equal(run.error, undefined);
			assert.equal(run.json[0].name, ADVERTISERS.acmeOutlet.name);
		});
	});

	describe('advertiser picker', () => {
		const node = (credential: 'production' | 'sandbox') =>
			tikTokNode(
				{
					resource: 'advertiser',
					operation: 'get',
					advertiserId: { __rl: true, mode: 'list', value: '' },
				},
				{ credential },
			);

		it('lists every authorized ad account by name and ID', async () => {
			const result = await searchList(node('production'), 'searchAdvertisers', [
				productionCredential(emulator),
			]);
			assert.deepEqual(result.results.map((entry) => entry.value).sort(), [...AUTHORIZED].sort());
			assert.ok(result.results.every((entry) => String(entry.url).includes('aadvid=')));
		});

		it('filters by name, case-insensitively', async () => {
			const result = await searchList(
				node('production'),
				'searchAdvertisers',
				[productionCredential(emulator)],
				'shoes',
			);
			assert.deepEqual(result.results.map((entry) => entry.name).sort(), [
				'Acme Shoes EU',
				'Acme Shoes US',
			]);
		});

		it('filters by ID', async () => {
			const result = await searchList(
				node('production'),
				'searchAdvertisers',
				[productionCredential(emulator)],
				ADVERTISERS.acmeOutlet.id.slice(-4),
			);
			assert.deepEqual(
				result.results.map((entry) => entry.value),
				[ADVERTISERS.acmeOutlet.id],
			);
		});

		it('offers the sandbox ad account in sandbox mode', async () => {
			const result = await searchList(node('sandbox'), 'searchAdvertisers', [
				sandboxCredential(emulator),
			]);
			assert.deepEqual(result.results, [
				{
					name: ADVERTISERS.sandbox.name,
					value: ADVERTISERS.sandbox.id,
					url: `https://ads.tiktok.com/i18n/dashboard?aadvid=${ADVERTISERS.sandbox.id}`,
				},
			]);
		});
	});
});
