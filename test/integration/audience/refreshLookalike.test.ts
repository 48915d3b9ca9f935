import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../emulator';
import { useEmulator } from '../../support/emulator';
import { describeTransientFaults } from '../../support/faults';
import { audienceParameters, calls, US } from '../../support/operations';
import { assert, describe, it } from '../../support/testing';
import { AUDIENCES, audienceOperation, byId, FAST_RETRY, runTikTok } from '../../support/tiktok';

describe('Audience → Refresh Lookalike', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	it('refreshes a lookalike', async () => {
		const run = await runTikTok(
			emulator,
			audienceParameters('refreshLookalike', {
				audienceId: byId(AUDIENCES.newsletterLookalike.id),
			}),
		);
		assert.equal(run.error, undefined);
		assert.equal(run.json[0].refreshed, true);
		const [request] = calls(emulator, '/dmp/custom_audience/lookalike/update/');
		assert.deepEqual((request.body as IDataObject).custom_audience_ids, [
			AUDIENCES.newsletterLookalike.id,
		]);
	});

	describe('fault matrix: survives transient faults exactly once', () => {
		describeTransientFaults(() => emulator, {
			name: 'Refresh lookalike',
			steps: ['refreshLookalike'],
			run: async (emulator) =>
				await runTikTok(
					emulator,
					audienceOperation('refreshLookalike', US, AUDIENCES.newsletterLookalike.id, {
						options: FAST_RETRY,
					}),
				),
			verify: (emulator, run) => {
				assert.equal(run.json[0].refreshed, true);
				assert.ok(emulator.world.counters.lookalikesRefreshed >= 1);
			},
		});
	});
});
