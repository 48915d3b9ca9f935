import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../emulator';
import { useEmulator } from '../../support/emulator';
import { AD_GROUPS, audienceParameters, calls, US_AD_GROUP_IDS } from '../../support/operations';
import { assert, describe, it } from '../../support/testing';
import { AUDIENCES, runTikTok } from '../../support/tiktok';

describe('Audience → Disconnect From Ad Groups', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	it('disconnects an audience from ad groups', async () => {
		await runTikTok(
			emulator,
			audienceParameters('applyToAdGroups', { adGroupIds: US_AD_GROUP_IDS }),
		);
		assert.equal(
			emulator.world.adGroup(AD_GROUPS.usSpringSale.id)?.audiences.get(AUDIENCES.newsletter.id),
			'Include',
		);
		const run = await runTikTok(
			emulator,
			audienceParameters('disconnectFromAdGroups', { adGroupIds: US_AD_GROUP_IDS }),
		);
		assert.equal(run.error, undefined);
		const request = calls(emulator, '/dmp/custom_audience/apply/').at(-1);
		assert.equal((request?.body as IDataObject).action_mode, 'Disconnect');
		assert.equal((request?.body as IDataObject).usage_mode, undefined);
		for (const adGroupId of [AD_GROUPS.usSpringSale.id, AD_GROUPS.usRetargeting.id]) {
			const adGroup = emulator.world.adGroup(adGroupId);
			assert.ok(adGroup);
			assert.equal(adGroup.audiences.has(AUDIENCES.newsletter.id), false);
		}
	});
});
