import { DEFAULT_WORLD, type Emulator } from '../../emulator';
import { useEmulator } from '../../support/emulator';
import { AUTHORIZED, calls } from '../../support/operations';
import { assert, describe, it } from '../../support/testing';
import { ADVERTISERS, runTikTok } from '../../support/tiktok';

describe('Advertiser → Get Many', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

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
