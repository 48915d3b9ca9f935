import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../emulator';
import { useEmulator } from '../../support/emulator';
import { describeTransientFaults } from '../../support/faults';
import {
	AUDIENCE_API,
	audienceCalls,
	audienceIds,
	audienceParameters,
	calls,
	EU,
	OUTLET,
	sharingRun,
	UNKNOWN_AUDIENCE,
	US,
} from '../../support/operations';
import { assert, describe, it } from '../../support/testing';
import {
	ADVERTISERS,
	AUDIENCES,
	audienceOperation,
	FAST_RETRY,
	runTikTok,
} from '../../support/tiktok';

// The body of a share request, and the log it leaves: getShareLog.test.ts.

describe('Audience → Share', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	it("explains TikTok's refusal to share outside the Business Center", async () => {
		const run = await runTikTok(
			emulator,
			audienceParameters('share', { sharedAdvertiserIds: ADVERTISERS.otherAgencyClient.id }),
		);
		assert.ok(run.error);
		assert.match(run.error.message, /code 40002/);
		assert.match(run.error.message, /Business Center/i);
	});

	it('refuses more than 10 advertisers before calling TikTok', async () => {
		const ids = Array.from({ length: 11 }, (_, index) => `70000000000000000${10 + index}`);
		const run = await runTikTok(
			emulator,
			audienceParameters('share', { sharedAdvertiserIds: ids.join(',') }),
		);
		assert.ok(run.error);
		assert.match(run.error.message, /More than 10/);
		assert.equal(calls(emulator, '/dmp/custom_audience/share/').length, 0);
	});

	describe('batching', () => {
		// Items that can share a request share it, and each keeps its own output, pairing and error.

		it('Share: 25 items with the same ad accounts make 3 requests of up to 10 audiences', async () => {
			const ids = audienceIds(emulator, 25);
			const run = await sharingRun(
				emulator,
				'share',
				ids.map((id) => ({ id, to: `${EU}, ${OUTLET}` })),
			);
			assert.equal(run.error, undefined, run.error?.message);
			const shares = audienceCalls(emulator, '/share/');
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
			const ids = audienceIds(emulator, 4);
			const targets = [EU, OUTLET, `${OUTLET},${EU}`, EU];
			const run = await sharingRun(
				emulator,
				'share',
				ids.map((id, index) => ({ id, to: targets[index] })),
			);
			assert.equal(run.error, undefined, run.error?.message);
			assert.equal(audienceCalls(emulator, '/share/').length, 3);
			assert.equal(emulator.world.audience(ids[0])!.sharedWith.has(OUTLET), false);
			assert.equal(emulator.world.audience(ids[1])!.sharedWith.has(EU), false);
			assert.equal(emulator.world.audience(ids[2])!.sharedWith.size, 2);
			assert.equal(emulator.world.audience(ids[3])!.sharedWith.get(EU)?.status, 'SHARED');
		});

		it('Share: with Continue On Fail an unknown audience fails alone; the rest are shared', async () => {
			const ids = audienceIds(emulator, 5);
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
			assert.equal(audienceCalls(emulator, '/share/').length, 1 + 6);
		});

		it('Share: a reply lost after TikTok shared a batch reads the logs and does not resend', async () => {
			const ids = audienceIds(emulator, 3);
			emulator.faults.add({
				path: `${AUDIENCE_API}/share/`,
				nth: 1,
				kind: 'drop',
				phase: 'after',
			} as never);
			const run = await sharingRun(
				emulator,
				'share',
				ids.map((id) => ({ id, to: EU })),
			);
			assert.equal(run.error, undefined, run.error?.message);
			assert.equal(audienceCalls(emulator, '/share/').length, 1);
			assert.equal(audienceCalls(emulator, '/share/log/').length, 3);
			assert.equal(emulator.world.counters.sharesAdded, 3);
			assert.ok(run.json.every((json) => json.shared === true));
		});
	});

	describe('fault matrix: survives transient faults exactly once', () => {
		describeTransientFaults(() => emulator, {
			name: 'Share',
			steps: ['share'],
			run: async (emulator) =>
				await runTikTok(
					emulator,
					audienceOperation('share', US, AUDIENCES.newsletter.id, {
						sharedAdvertiserIds: EU,
						options: FAST_RETRY,
					}),
				),
			verify: (emulator) => {
				const audience = emulator.world.audience(AUDIENCES.newsletter.id)!;
				assert.equal(audience.sharedWith.get(EU)?.status, 'SHARED');
				assert.equal(emulator.world.counters.sharesAdded, 1);
			},
		});
	});
});
