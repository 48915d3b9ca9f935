import { useEmulator } from '../../support/emulator';
import { assert, describe, it } from '../../support/testing';
import type { Emulator } from '../../emulator/server';
import { AD_GROUPS, AUDIENCES, US, getApi, postApi } from '../test-helpers';

type AudienceItem = Record<string, unknown> & { audience_id: string; name: string };
type ListData = {
	list: AudienceItem[];
	page_info: { page: number; page_size: number; total_number: number; total_page: number };
};

describe('emulator: custom audiences', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	describe('apply to ad groups', () => {
		const apply = async (body: Record<string, unknown>) =>
			await postApi(emulator, '/dmp/custom_audience/apply/', { advertiser_id: US, ...body });

		it('applies and disconnects, keeping per-ad-group state and an Apply log', async () => {
			const id = AUDIENCES.newsletter.id;
			const applied = await apply({
				custom_audience_id: id,
				adgroup_ids: [AD_GROUPS.usSpringSale.id, AD_GROUPS.usRetargeting.id],
				action_mode: 'Apply',
				usage_mode: 'Exclude',
			});
			assert.equal(applied.code, 0, applied.message);
			assert.equal(emulator.world.adGroup(AD_GROUPS.usSpringSale.id)?.audiences.get(id), 'Exclude');
			const disconnected = await apply({
				custom_audience_id: id,
				adgroup_ids: [AD_GROUPS.usSpringSale.id],
				action_mode: 'Disconnect',
			});
			assert.equal(disconnected.code, 0);
			assert.equal(emulator.world.adGroup(AD_GROUPS.usSpringSale.id)?.audiences.has(id), false);
			assert.equal(emulator.world.adGroup(AD_GROUPS.usRetargeting.id)?.audiences.has(id), true);

			const log = await getApi<{ advertiser_id: string } & ListData>(
				emulator,
				'/dmp/custom_audience/apply/log/',
				{ advertiser_id: US, custom_audience_ids: [id], page_size: 1 },
			);
			assert.equal(log.code, 0, log.message);
			assert.equal(log.data.advertiser_id, US);
			assert.deepEqual(log.data.page_info, {
				page: 1,
				page_size: 1,
				total_number: 2,
				total_page: 2,
			});
			const [entry] = log.data.list as unknown as Array<Record<string, string>>;
			assert.equal(entry.audience_id, id);
			assert.equal(entry.adgroup_id, AD_GROUPS.usRetargeting.id);
			assert.equal(entry.adgroup_name, AD_GROUPS.usRetargeting.name);
			assert.equal(entry.usage_mode, 'Exclude');
			assert.equal(entry.editor, 'open_api');
			assert.match(entry.action_timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
		});

		it('usage_mode is required for Apply; ad groups must be the advertiser’s', async () => {
			const noMode = await apply({
				custom_audience_id: AUDIENCES.newsletter.id,
				adgroup_ids: [AD_GROUPS.usSpringSale.id],
				action_mode: 'Apply',
			});
			assert.equal(noMode.code, 40002);
			assert.equal(noMode.message, 'usage_mode: is required when action_mode is Apply');
			const foreignGroup = await apply({
				custom_audience_id: AUDIENCES.newsletter.id,
				adgroup_ids: [AD_GROUPS.euProspecting.id],
				action_mode: 'Apply',
				usage_mode: 'Include',
			});
			assert.equal(foreignGroup.code, 40002);
			assert.ok(foreignGroup.message.includes(AD_GROUPS.euProspecting.id));
			const badMode = await apply({
				custom_audience_id: AUDIENCES.newsletter.id,
				adgroup_ids: [AD_GROUPS.usSpringSale.id],
				action_mode: 'Attach',
			});
			assert.match(badMode.message, /^action_mode: must be one of Apply, Disconnect/);
		});

		it('a lookalike cannot go into a Reach & Frequency ad group', async () => {
			const reply = await apply({
				custom_audience_id: AUDIENCES.newsletterLookalike.id,
				adgroup_ids: [AD_GROUPS.usReachFrequency.id],
				action_mode: 'Apply',
				usage_mode: 'Include',
			});
			assert.equal(reply.code, 40002);
			assert.match(reply.message, /Reach & Frequency/);
		});

		it('apply log needs owned audiences', async () => {
			const reply = await getApi(emulator, '/dmp/custom_audience/apply/log/', {
				advertiser_id: US,
				custom_audience_ids: [AUDIENCES.otherAgencyRetargeting.id],
			});
			assert.equal(reply.code, 40007);
		});
	});
});
