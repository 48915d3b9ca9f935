import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../emulator';
import { useEmulator } from '../../support/emulator';
import { describeTransientFaults } from '../../support/faults';
import {
	audienceCalls,
	audienceIds,
	audienceParameters,
	EU,
	OUTLET,
	sharingRun,
	UNKNOWN_AUDIENCE,
	US,
} from '../../support/operations';
import { assert, describe, it } from '../../support/testing';
import { AUDIENCES, audienceOperation, FAST_RETRY, runTikTok } from '../../support/tiktok';

describe('Audience → Cancel Sharing', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	it('cancels sharing', async () => {
		await runTikTok(emulator, audienceParameters('share', { sharedAdvertiserIds: EU }));
		const run = await runTikTok(
			emulator,
			audienceParameters('cancelShare', { sharedAdvertiserIds: EU }),
		);
		assert.equal(run.error, undefined);
		const audience = emulator.world.audience(AUDIENCES.newsletter.id);
		assert.equal(audience?.sharedWith.get(EU)?.status, 'CANCELLED');
	});

	describe('batching', () => {
		// Items that can share a request share it, and each keeps its own output, pairing and error.

		it('Cancel Sharing: items asking for the same pair share its request', async () => {
			const [id, other] = audienceIds(emulator, 2);
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
			const cancels = audienceCalls(emulator, '/share/cancel/').map((request) => {
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
			const [id] = audienceIds(emulator, 1);
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

	describe('fault matrix: survives transient faults exactly once', () => {
		describeTransientFaults(() => emulator, {
			name: 'Cancel sharing',
			steps: ['cancelShare'],
			prepare: async (emulator) => {
				const shared = await runTikTok(
					emulator,
					audienceOperation('share', US, AUDIENCES.newsletter.id, { sharedAdvertiserIds: EU }),
				);
				assert.equal(shared.error, undefined);
			},
			run: async (emulator) =>
				await runTikTok(
					emulator,
					audienceOperation('cancelShare', US, AUDIENCES.newsletter.id, {
						sharedAdvertiserIds: EU,
						options: FAST_RETRY,
					}),
				),
			verify: (emulator) => {
				const audience = emulator.world.audience(AUDIENCES.newsletter.id)!;
				assert.equal(audience.sharedWith.get(EU)?.status, 'CANCELLED');
				assert.equal(emulator.world.counters.sharesCancelled, 1);
			},
		});
	});
});
