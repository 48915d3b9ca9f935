import { DEFAULT_WORLD, type Emulator } from '../../emulator';
import { useEmulator } from '../../support/emulator';
import { AUTHORIZED, calls } from '../../support/operations';
import { assert, describe, it } from '../../support/testing';
import { ADVERTISERS, byId, FAST_RETRY, idFromItem, runTikTok } from '../../support/tiktok';

describe('Advertiser → Get', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

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

describe('Advertiser → Get: failures of merged requests', () => {
	let emulator: Emulator;
	useEmulator((started) => (emulator = started));

	it('Advertiser Get: a revoked token on 100 items costs one request', async () => {
		emulator.world.revokeToken(DEFAULT_WORLD.tokens.production);
		const ids = Array.from({ length: 100 }, (_, index) =>
			String(7301987654300000000n + BigInt(index)),
		);
		const run = await runTikTok(
			emulator,
			{ resource: 'advertiser', operation: 'get', advertiserId: idFromItem(), options: FAST_RETRY },
			{ items: ids.map((id) => ({ id })), continueOnFail: true },
		);
		assert.equal(calls(emulator, '/advertiser/info/').length, 1);
		assert.equal(run.json.length, 100);
	});
});
