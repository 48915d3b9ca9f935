import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../emulator';
import { useEmulator } from '../support/emulator';
import { assert, describe, it } from '../support/testing';
import {
	ADVERTISERS,
	audienceOperation,
	FAST_RETRY,
	idFromItem,
	runTikTok,
} from '../support/tiktok';

// Share takes 1-10 audiences × 1-10 advertisers per request (dmp_custom_audience_share.yml);
// Cancel Sharing one audience and one advertiser (dmp_custom_audience_share_cancel.yml).

const US = ADVERTISERS.acmeShoesUs.id;
const EU = ADVERTISERS.acmeShoesEu.id;
const OUTLET = ADVERTISERS.acmeOutlet.id;
const API = '/open_api/v1.3/dmp/custom_audience';
const UNKNOWN_AUDIENCE = '7399999999999999999';

const calls = (emulator: Emulator, path: string) =>
	emulator.requests.filter((request) => request.path === `${API}${path}`);

/** One item per audience, each naming its audience and the ad accounts to share with. */
function sharingRun(
	emulator: Emulator,
	operation: 'share' | 'cancelShare',
	items: Array<{ id: string; to: string }>,
	continueOnFail = false,
) {
	return runTikTok(
		emulator,
		{
			...audienceOperation(operation, US, ''),
			audienceId: idFromItem(),
			sharedAdvertiserIds: '={{ $json.to }}',
			options: FAST_RETRY,
		},
		{ items, continueOnFail },
	);
}

describe('Share and Cancel Sharing batched', () => {
	let emulator: Emulator;
	useEmulator((started) => (emulator = started));

	const audienceIds = (count: number) =>
		emulator.world.addAudiences(US, count, { namePrefix: 'Shared' }).map((a) => a.audienceId);

	it('Share: 25 items with the same ad accounts make 3 requests of up to 10 audiences', async () => {
		const ids = audienceIds(25);
		const run = await sharingRun(
			emulator,
			'share',
			ids.map((id) => ({ id, to: `${EU}, ${OUTLET}` })),
		);
		assert.equal(run.error, undefined, run.error?.message);
		const shares = calls(emulator, '/share/');
		assert.deepEqual(
			shares.map((request) => (request.body as IDataObject).custom_audience_ids),
			[ids.slice(0, 10), ids.slice(10, 20), ids.slice(20)],
		);
		assert.equal(run.json.length, 25);
		assert.deepEqual(run.json[12], {
			shared: true,
			audienceId: ids[12],
			advertiserId: US,
			sharedAdvertiserIds: [EU, OUTLET],
		});
		assert.deepEqual(run.output[12].pairedItem, { item: 12 });
		for (const id of ids) {
			const audience = emulator.world.audience(id)!;
			assert.equal(audience.sharedWith.get(EU)?.status, 'SHARED');
			assert.equal(audience.sharedWith.get(OUTLET)?.status, 'SHARED');
		}
		assert.equal(emulator.world.counters.sharesAdded, 50);
	});

	it('Share: items with other ad accounts go in their own request, never shared wider', async () => {
		const ids = audienceIds(4);
		const targets = [EU, OUTLET, `${OUTLET},${EU}`, EU];
		const run = await sharingRun(
			emulator,
			'share',
			ids.map((id, index) => ({ id, to: targets[index] })),
		);
		assert.equal(run.error, undefined, run.error?.message);
		assert.equal(calls(emulator, '/share/').length, 3);
		assert.equal(emulator.world.audience(ids[0])!.sharedWith.has(OUTLET), false);
		assert.equal(emulator.world.audience(ids[1])!.sharedWith.has(EU), false);
		assert.equal(emulator.world.audience(ids[2])!.sharedWith.size, 2);
		assert.equal(emulator.world.audience(ids[3])!.sharedWith.get(EU)?.status, 'SHARED');
	});

	it('Share: with Continue On Fail an unknown audience fails alone; the rest are shared', async () => {
		const ids = audienceIds(5);
		ids.splice(2, 0, UNKNOWN_AUDIENCE);
		const run = await sharingRun(
			emulator,
			'share',
			ids.map((id) => ({ id, to: EU })),
			true,
		);
		assert.equal(run.json.length, 6);
		assert.match(String(run.json[2].error), /7399999999999999999|audience/i);
		assert.deepEqual(run.output[2].pairedItem, { item: 2 });
		for (const index of [0, 1, 3, 4, 5]) {
			assert.equal(run.json[index].shared, true, `item ${index}`);
			assert.equal(run.json[index].audienceId, ids[index]);
			assert.equal(emulator.world.audience(ids[index])!.sharedWith.get(EU)?.status, 'SHARED');
		}
		// The refused batch, then each item alone.
		assert.equal(calls(emulator, '/share/').length, 1 + 6);
	});

	it('Share: a reply lost after TikTok shared a batch reads the logs and does not resend', async () => {
		const ids = audienceIds(3);
		emulator.faults.add({ path: `${API}/share/`, nth: 1, kind: 'drop', phase: 'after' } as never);
		const run = await sharingRun(
			emulator,
			'share',
			ids.map((id) => ({ id, to: EU })),
		);
		assert.equal(run.error, undefined, run.error?.message);
		assert.equal(calls(emulator, '/share/').length, 1);
		assert.equal(calls(emulator, '/share/log/').length, 3);
		assert.equal(emulator.world.counters.sharesAdded, 3);
		assert.ok(run.json.every((json) => json.shared === true));
	});

	it('Cancel Sharing: items asking for the same pair share its request', async () => {
		const [id, other] = audienceIds(2);
		for (const audienceId of [id, other]) {
			const shared = await sharingRun(emulator, 'share', [
				{ id: audienceId, to: `${EU},${OUTLET}` },
			]);
			assert.equal(shared.error, undefined, shared.error?.message);
		}
		const run = await sharingRun(emulator, 'cancelShare', [
			{ id, to: EU },
			{ id, to: `${EU}, ${OUTLET}` },
			{ id: other, to: OUTLET },
		]);
		assert.equal(run.error, undefined, run.error?.message);
		const cancels = calls(emulator, '/share/cancel/').map((request) => {
			const body = request.body as IDataObject;
			return `${body.custom_audience_id}>${body.shared_advertiser_id}`;
		});
		assert.deepEqual(cancels, [`${id}>${EU}`, `${id}>${OUTLET}`, `${other}>${OUTLET}`]);
		assert.deepEqual(run.json[1], {
			sharingCancelled: true,
			audienceId: id,
			advertiserId: US,
			sharedAdvertiserIds: [EU, OUTLET],
		});
		assert.deepEqual(
			run.output.map((item) => item.pairedItem),
			[{ item: 0 }, { item: 1 }, { item: 2 }],
		);
		assert.equal(emulator.world.audience(other)!.sharedWith.get(EU)?.status, 'SHARED');
		assert.equal(emulator.world.counters.sharesCancelled, 3);
	});

	it('Cancel Sharing: with Continue On Fail a pair that is not shared fails only its items', async () => {
		const [id] = audienceIds(1);
		const shared = await sharingRun(emulator, 'share', [{ id, to: EU }]);
		assert.equal(shared.error, undefined, shared.error?.message);
		const run = await sharingRun(
			emulator,
			'cancelShare',
			[
				{ id, to: OUTLET },
				{ id, to: EU },
				{ id: UNKNOWN_AUDIENCE, to: EU },
			],
			true,
		);
		assert.match(String(run.json[0].error), /not shared/);
		assert.equal(run.json[1].sharingCancelled, true);
		assert.ok(run.json[2].error, 'the unknown audience fails');
		assert.deepEqual(run.output[2].pairedItem, { item: 2 });
		assert.equal(emulator.world.audience(id)!.sharedWith.get(EU)?.status, 'CANCELLED');
	});
});
