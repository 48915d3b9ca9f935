import { useEmulator } from '../../support/emulator';
import { assert, describe, it } from '../../support/testing';
import type { Emulator } from '../../emulator/server';
import { AUDIENCES, US, createAudienceFrom, emailDigests, getApi, postApi } from '../test-helpers';

type AudienceItem = Record<string, unknown> & { audience_id: string; name: string };
type ListData = {
	list: AudienceItem[];
	page_info: { page: number; page_size: number; total_number: number; total_page: number };
};

describe('emulator: custom audiences', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	describe('lookalikes', () => {
		const spec = {
			source_audience_id: AUDIENCES.newsletter.id,
			include_source: false,
			mobile_os: 'ALL',
			placements: ['TikTok', 'Pangle'],
			location_ids: ['6252001'],
			audience_size: 'NARROW',
		};

		it('creates a Lookalike Audience from a customer-file source', async () => {
			const reply = await postApi<{ custom_audience_id: string }>(
				emulator,
				'/dmp/custom_audience/lookalike/create/',
				{ advertiser_id: US, custom_audience_name: 'LAL 1%', lookalike_spec: spec },
			);
			assert.equal(reply.code, 0, reply.message);
			const list = await getApi<ListData>(emulator, '/dmp/custom_audience/list/', {
				advertiser_id: US,
				custom_audience_ids: [reply.data.custom_audience_id],
			});
			assert.equal(list.data.list[0].audience_type, 'Lookalike Audience');
			assert.deepEqual(list.data.list[0].lookalike_spec, spec);
			assert.equal(emulator.world.counters.lookalikesCreated, 1);
		});

		it('rejects a lookalike source, an unknown source, a small source and bad enums', async () => {
			const create = async (overrides: Record<string, unknown>) =>
				await postApi(emulator, '/dmp/custom_audience/lookalike/create/', {
					advertiser_id: US,
					custom_audience_name: 'LAL',
					lookalike_spec: { ...spec, ...overrides },
				});
			const fromLookalike = await create({ source_audience_id: AUDIENCES.newsletterLookalike.id });
			assert.equal(fromLookalike.code, 40002);
			assert.match(fromLookalike.message, /is a lookalike audience/);
			const unknown = await create({ source_audience_id: AUDIENCES.otherAgencyRetargeting.id });
			assert.equal(unknown.code, 40007);
			const tiny = await createAudienceFrom(emulator, emailDigests(50));
			const small = await create({ source_audience_id: tiny });
			assert.match(small.message, /at least 100/);
			const badSize = await create({ audience_size: 'HUGE' });
			assert.match(badSize.message, /^lookalike_spec.audience_size: must be one of/);
			const badPlacement = await create({ placements: ['Instagram'] });
			assert.match(badPlacement.message, /^lookalike_spec.placements\[0\]: must be one of/);
			const noLocations = await create({ location_ids: [] });
			assert.match(noLocations.message, /^lookalike_spec.location_ids: must have at least 1/);
		});

		it('refresh needs lookalikes and records history', async () => {
			const refresh = await postApi(emulator, '/dmp/custom_audience/lookalike/update/', {
				advertiser_id: US,
				custom_audience_ids: [AUDIENCES.newsletterLookalike.id],
			});
			assert.equal(refresh.code, 0);
			assert.equal(
				emulator.world.audience(AUDIENCES.newsletterLookalike.id)?.history.at(-1)?.action,
				'REFRESH',
			);
			const notLookalike = await postApi(emulator, '/dmp/custom_audience/lookalike/update/', {
				advertiser_id: US,
				custom_audience_ids: [AUDIENCES.newsletter.id],
			});
			assert.equal(notLookalike.code, 40002);
		});
	});
});
