import { useEmulator } from '../../support/emulator';
import { assert, describe, it } from '../../support/testing';
import type { Emulator } from '../../emulator/server';
import { AUDIENCES, EU, OTHER, OUTLET, US, getApi, postApi } from '../test-helpers';

type AudienceItem = Record<string, unknown> & { audience_id: string; name: string };
type ListData = {
	list: AudienceItem[];
	page_info: { page: number; page_size: number; total_number: number; total_page: number };
};

describe('emulator: custom audiences', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	describe('share', () => {
		it('shares within the Business Center; the recipient sees it; cancel and log', async () => {
			const id = AUDIENCES.newsletter.id;
			const share = await postApi(emulator, '/dmp/custom_audience/share/', {
				advertiser_id: US,
				custom_audience_ids: [id],
				shared_advertiser_ids: [EU, OUTLET],
			});
			assert.equal(share.code, 0, share.message);
			const recipientList = await getApi<ListData>(emulator, '/dmp/custom_audience/list/', {
				advertiser_id: EU,
			});
			const seen = recipientList.data.list.find((item) => item.audience_id === id);
			assert.equal(seen?.shared, true);
			assert.equal(seen?.is_creator, false);
			assert.equal(seen?.owner_id, US);

			const cancel = await postApi(emulator, '/dmp/custom_audience/share/cancel/', {
				advertiser_id: US,
				custom_audience_id: id,
				shared_advertiser_id: EU,
			});
			assert.equal(cancel.code, 0);
			const log = await getApi<{ list: Array<Record<string, string>> }>(
				emulator,
				'/dmp/custom_audience/share/log/',
				{ advertiser_id: US, custom_audience_id: id },
			);
			assert.deepEqual(log.data.list, [
				{
					custom_audience_id: id,
					shared_advertiser_id: EU,
					shared_advertiser_name: 'Acme Shoes EU',
					status: 'CANCELLED',
				},
				{
					custom_audience_id: id,
					shared_advertiser_id: OUTLET,
					shared_advertiser_name: 'Acme Outlet',
					status: 'SHARED',
				},
			]);
			const afterCancel = await getApi<ListData>(emulator, '/dmp/custom_audience/list/', {
				advertiser_id: EU,
			});
			assert.equal(
				afterCancel.data.list.some((item) => item.audience_id === id),
				false,
			);
			const again = await postApi(emulator, '/dmp/custom_audience/share/cancel/', {
				advertiser_id: US,
				custom_audience_id: id,
				shared_advertiser_id: EU,
			});
			assert.equal(again.code, 40002);
		});

		it('another Business Center: 40002', async () => {
			const reply = await postApi(emulator, '/dmp/custom_audience/share/', {
				advertiser_id: US,
				custom_audience_ids: [AUDIENCES.newsletter.id],
				shared_advertiser_ids: [OTHER],
			});
			assert.equal(reply.code, 40002);
			assert.match(reply.message, /not in the same Business Center/);
		});

		it('needs scope 32', async () => {
			emulator.world.addToken({
				accessToken: 'no-share-token',
				advertiserIds: [US],
				scopes: [30, 31],
			});
			const reply = await postApi(
				emulator,
				'/dmp/custom_audience/share/',
				{
					advertiser_id: US,
					custom_audience_ids: [AUDIENCES.newsletter.id],
					shared_advertiser_ids: [EU],
				},
				{ token: 'no-share-token' },
			);
			assert.equal(reply.code, 40001);
		});
	});
});
