import type { Emulator } from '../../emulator';
import { useEmulator } from '../../support/emulator';
import {
	AD_GROUPS,
	audienceParameters,
	calls,
	US,
	US_AD_GROUP_IDS,
} from '../../support/operations';
import { assert, describe, it } from '../../support/testing';
import { AUDIENCES, runTikTok } from '../../support/tiktok';

// The log of an apply this test makes, with the body of its request; more of Apply to Ad Groups:
// applyToAdGroups.test.ts.

describe('Audience → Get Apply Log', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	it('applies an audience to ad groups, excluded, and logs it', async () => {
		const run = await runTikTok(
			emulator,
			audienceParameters('applyToAdGroups', { adGroupIds: US_AD_GROUP_IDS, usageMode: 'Exclude' }),
		);
		assert.equal(run.error, undefined);
		const [request] = calls(emulator, '/dmp/custom_audience/apply/');
		assert.deepEqual(request.body, {
			advertiser_id: US,
			custom_audience_id: AUDIENCES.newsletter.id,
			adgroup_ids: [AD_GROUPS.usSpringSale.id, AD_GROUPS.usRetargeting.id],
			action_mode: 'Apply',
			usage_mode: 'Exclude',
		});
		const log = await runTikTok(emulator, audienceParameters('getApplyLog', { returnAll: true }));
		assert.equal(log.error, undefined);
		assert.deepEqual(log.json.map((entry) => entry.adgroup_id).sort(), [
			AD_GROUPS.usSpringSale.id,
			AD_GROUPS.usRetargeting.id,
		]);
		assert.ok(log.json.every((entry) => entry.usage_mode === 'Exclude'));
	});
});
