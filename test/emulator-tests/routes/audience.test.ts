import { useEmulator } from '../../support/emulator';
import { assert, describe, it } from '../../support/testing';
import { DEFAULT_WORLD } from '../../emulator/seed';
import type { Emulator } from '../../emulator/server';
import {
	AUDIENCES,
	EU,
	OUTLET,
	TOKENS,
	US,
	createAudienceFrom,
	emailDigests,
	getApi,
	postApi,
	uploadDigests,
} from '../test-helpers';

type AudienceItem = Record<string, unknown> & { audience_id: string; name: string };
type ListData = {
	list: AudienceItem[];
	page_info: { page: number; page_size: number; total_number: number; total_page: number };
};

describe('emulator: custom audiences', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	function members(audienceId: string): Set<string> {
		const audience = emulator.world.audience(audienceId);
		assert.ok(audience, `audience ${audienceId} exists`);
		return audience.members;
	}

	async function update(body: Record<string, unknown>) {
		return await postApi(emulator, '/dmp/custom_audience/update/', { advertiser_id: US, ...body });
	}

	describe('create', () => {
		it('members are the distinct digests of all files', async () => {
			const firstFile = await uploadDigests(emulator, emailDigests(800, 'a'));
			const secondFile = await uploadDigests(emulator, [
				...emailDigests(400, 'a', 600),
				...emailDigests(300, 'b'),
			]);
			const reply = await postApi<{ custom_audience_id: string }>(
				emulator,
				'/dmp/custom_audience/create/',
				{
					advertiser_id: US,
					custom_audience_name: 'CRM export',
					file_paths: [firstFile, secondFile],
					calculate_type: 'EMAIL_SHA256',
					retention_in_days: 90,
				},
			);
			assert.equal(reply.code, 0, reply.message);
			const id = reply.data.custom_audience_id;
			assert.match(id, /^\d{19}$/);
			assert.equal(members(id).size, 800 + 200 + 300);
			const stored = emulator.world.audience(id);
			assert.equal(stored?.retentionInDays, 90);
			assert.deepEqual(stored?.filePaths, [firstFile, secondFile]);
			assert.equal(stored?.history[0].action, 'CREATE');
			assert.equal(stored?.history[0].editor, 'open_api');
			assert.equal(emulator.world.counters.audiencesCreated, 1);
		});

		it('files must exist and have the same calculate_type', async () => {
			const phoneFile = await uploadDigests(emulator, emailDigests(5), {
				calculateType: 'PHONE_SHA256',
			});
			const mismatch = await postApi(emulator, '/dmp/custom_audience/create/', {
				advertiser_id: US,
				custom_audience_name: 'x',
				file_paths: [phoneFile],
				calculate_type: 'EMAIL_SHA256',
			});
			assert.equal(mismatch.code, 40002);
			assert.match(mismatch.message, /uploaded with calculate_type PHONE_SHA256, not EMAIL_SHA256/);
			const unknown = await postApi(emulator, '/dmp/custom_audience/create/', {
				advertiser_id: US,
				custom_audience_name: 'x',
				file_paths: ['0123456789abcdef'],
				calculate_type: 'EMAIL_SHA256',
			});
			assert.equal(unknown.code, 40002);
			assert.equal(emulator.world.counters.audiencesCreated, 0);
		});

		it('MAID_* files fit FIRST_* audiences (same encryption type)', async () => {
			const maidFile = await uploadDigests(emulator, emailDigests(3), {
				calculateType: 'MAID_SHA256',
			});
			const reply = await postApi(emulator, '/dmp/custom_audience/create/', {
				advertiser_id: US,
				custom_audience_name: 'Devices',
				file_paths: [maidFile],
				calculate_type: 'FIRST_SHA256',
			});
			assert.equal(reply.code, 0, reply.message);
		});
	});

	describe('delete', () => {
		it('deletes owned audiences, all or nothing', async () => {
			const own = await createAudienceFrom(emulator, emailDigests(10));
			const mixed = await postApi(emulator, '/dmp/custom_audience/delete/', {
				advertiser_id: US,
				custom_audience_ids: [own, AUDIENCES.otherAgencyRetargeting.id],
			});
			assert.equal(mixed.code, 40007);
			assert.ok(mixed.message.includes(AUDIENCES.otherAgencyRetargeting.id));
			assert.ok(emulator.world.audience(own));
			const reply = await postApi(emulator, '/dmp/custom_audience/delete/', {
				advertiser_id: US,
				custom_audience_ids: [own],
			});
			assert.equal(reply.code, 0);
			assert.equal(emulator.world.audience(own), undefined);
			assert.equal(emulator.world.counters.audiencesDeleted, 1);
			const list = await getApi<ListData>(emulator, '/dmp/custom_audience/list/', {
				advertiser_id: US,
				page_size: 100,
			});
			assert.equal(
				list.data.list.some((item) => item.audience_id === own),
				false,
			);
		});
	});

	describe('list and get', () => {
		it('pages newest first with page_info', async () => {
			emulator.world.addAudiences(US, 25);
			const first = await getApi<ListData>(emulator, '/dmp/custom_audience/list/', {
				advertiser_id: US,
			});
			assert.equal(first.code, 0);
			assert.deepEqual(first.data.page_info, {
				page: 1,
				page_size: 10,
				total_number: 28,
				total_page: 3,
			});
			assert.equal(first.data.list[0].name, 'Bulk audience 0025');
			const last = await getApi<ListData>(emulator, '/dmp/custom_audience/list/', {
				advertiser_id: US,
				page: 3,
			});
			assert.equal(last.data.list.length, 8);
			assert.equal(last.data.list.at(-1)?.audience_id, AUDIENCES.newsletter.id);
			const beyond = await getApi<ListData>(emulator, '/dmp/custom_audience/list/', {
				advertiser_id: US,
				page: 4,
			});
			assert.deepEqual(beyond.data.list, []);
		});

		it('pages through 5,000 audiences at 100 per page', async () => {
			emulator.world.addAudiences(OUTLET, 5000);
			const seen = new Set<string>();
			let page = 1;
			let totalPages = 1;
			do {
				const reply = await getApi<ListData>(emulator, '/dmp/custom_audience/list/', {
					advertiser_id: OUTLET,
					page,
					page_size: 100,
				});
				for (const item of reply.data.list) seen.add(item.audience_id);
				totalPages = reply.data.page_info.total_page;
				page++;
			} while (page <= totalPages);
			assert.equal(totalPages, 50);
			assert.equal(seen.size, 5000);
		});

		it('list items carry the documented fields; cover_num is the member count', async () => {
			const list = await getApi<ListData>(emulator, '/dmp/custom_audience/list/', {
				advertiser_id: US,
				custom_audience_ids: [AUDIENCES.newsletter.id],
			});
			assert.equal(list.data.list.length, 1);
			const item = list.data.list[0];
			assert.equal(item.audience_type, 'Customer File Audience');
			assert.equal(item.calculate_type, 'EMAIL_SHA256');
			assert.equal(item.cover_num, 1500);
			assert.equal(item.is_creator, true);
			assert.equal(item.shared, false);
			assert.equal(item.owner_id, US);
			assert.equal(item.is_valid, true);
			assert.equal(item.is_expiring, false);
			assert.match(String(item.create_time), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
			assert.match(String(item.expired_time), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
			const small = await createAudienceFrom(emulator, emailDigests(10));
			const smallItem = await getApi<ListData>(emulator, '/dmp/custom_audience/list/', {
				advertiser_id: US,
				custom_audience_ids: [small],
			});
			assert.equal(smallItem.data.list[0].is_valid, false);
		});

		it('get returns details and history, newest first, limited by history_size', async () => {
			const id = AUDIENCES.newsletter.id;
			await update({ custom_audience_id: id, custom_audience_name: 'One' });
			await update({ custom_audience_id: id, custom_audience_name: 'Two' });
			const reply = await getApi<{
				list: Array<{
					audience_details: Record<string, unknown>;
					audience_history: Array<Record<string, string>>;
				}>;
			}>(emulator, '/dmp/custom_audience/get/', {
				advertiser_id: US,
				custom_audience_ids: [id],
				history_size: 2,
			});
			assert.equal(reply.code, 0);
			const [entry] = reply.data.list;
			assert.equal(entry.audience_details.audience_id, id);
			assert.equal(entry.audience_details.name, 'Two');
			assert.equal(entry.audience_details.audience_enhancement, false);
			assert.equal(typeof entry.audience_details.enhancement_status, 'string');
			assert.equal(entry.audience_history.length, 2);
			assert.match(entry.audience_history[0].action_detail, /to "Two"/);
			assert.equal(entry.audience_history[0].editor, 'open_api');
			const foreign = await getApi(emulator, '/dmp/custom_audience/get/', {
				advertiser_id: US,
				custom_audience_ids: [id, AUDIENCES.otherAgencyRetargeting.id],
			});
			assert.equal(foreign.code, 40007);
			assert.ok(foreign.message.includes(AUDIENCES.otherAgencyRetargeting.id));
		});
	});

	it('audiences work on the sandbox listener for the sandbox advertiser', async () => {
		const sandboxId = DEFAULT_WORLD.advertisers.sandbox.id;
		const options = { sandbox: true, token: TOKENS.sandbox };
		const file = await uploadDigests(
			emulator,
			emailDigests(5),
			{ advertiserId: sandboxId },
			options,
		);
		const reply = await postApi<{ custom_audience_id: string }>(
			emulator,
			'/dmp/custom_audience/create/',
			{
				advertiser_id: sandboxId,
				custom_audience_name: 'Sandbox audience',
				file_paths: [file],
				calculate_type: 'EMAIL_SHA256',
			},
			options,
		);
		assert.equal(reply.code, 0, reply.message);
		assert.equal(emulator.world.audience(reply.data.custom_audience_id)?.environment, 'sandbox');
	});
});

// What a sync by name needs to tell apart, and what only the owner may do; README "Rules and
// their sources".
describe('emulator: owned, shared-in and lookalike audiences', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	const NEWSLETTER = AUDIENCES.newsletter.id;
	const LOOKALIKE = AUDIENCES.newsletterLookalike.id;

	async function share(audienceIds: string[]): Promise<void> {
		const reply = await postApi(emulator, '/dmp/custom_audience/share/', {
			advertiser_id: US,
			custom_audience_ids: audienceIds,
			shared_advertiser_ids: [EU],
		});
		assert.equal(reply.code, 0, reply.message);
	}

	async function listFor(advertiserId: string): Promise<Map<string, AudienceItem>> {
		const reply = await getApi<ListData>(emulator, '/dmp/custom_audience/list/', {
			advertiser_id: advertiserId,
			page_size: 100,
		});
		assert.equal(reply.code, 0, reply.message);
		return new Map(reply.data.list.map((item) => [item.audience_id, item]));
	}

	const kind = (item: AudienceItem | undefined) => ({
		audience_type: item?.audience_type,
		is_creator: item?.is_creator,
		shared: item?.shared,
		owner_id: item?.owner_id,
	});

	it('list and get return is_creator, shared, audience_type and owner_id for each kind', async () => {
		await share([NEWSLETTER, LOOKALIKE]);
		// EU owns a customer-file namesake of the shared newsletter, and a lookalike of it.
		const euOwn = await createAudienceFrom(
			emulator,
			emailDigests(150, 'eu'),
			AUDIENCES.newsletter.name,
			EU,
		);
		const euLookalike = await postApi<{ custom_audience_id: string }>(
			emulator,
			'/dmp/custom_audience/lookalike/create/',
			{
				advertiser_id: EU,
				custom_audience_name: AUDIENCES.newsletter.name,
				lookalike_spec: {
					source_audience_id: euOwn,
					include_source: false,
					mobile_os: 'ALL',
					placements: ['TikTok'],
					location_ids: ['6252001'],
					audience_size: 'NARROW',
				},
			},
		);
		assert.equal(euLookalike.code, 0, euLookalike.message);

		const eu = await listFor(EU);
		assert.equal(eu.size, 4);
		assert.deepEqual(kind(eu.get(euOwn)), {
			audience_type: 'Customer File Audience',
			is_creator: true,
			shared: false,
			owner_id: EU,
		});
		assert.deepEqual(kind(eu.get(euLookalike.data.custom_audience_id)), {
			audience_type: 'Lookalike Audience',
			is_creator: true,
			shared: false,
			owner_id: EU,
		});
		assert.deepEqual(kind(eu.get(NEWSLETTER)), {
			audience_type: 'Customer File Audience',
			is_creator: false,
			shared: true,
			owner_id: US,
		});
		assert.deepEqual(kind(eu.get(LOOKALIKE)), {
			audience_type: 'Lookalike Audience',
			is_creator: false,
			shared: true,
			owner_id: US,
		});
		// The owner sees its own audiences as created by it, and shared once it shares them.
		const us = await listFor(US);
		assert.deepEqual(kind(us.get(NEWSLETTER)), {
			audience_type: 'Customer File Audience',
			is_creator: true,
			shared: true,
			owner_id: US,
		});
		assert.deepEqual(kind(us.get(AUDIENCES.recentBuyers.id)), {
			audience_type: 'Customer File Audience',
			is_creator: true,
			shared: false,
			owner_id: US,
		});

		const got = await getApi<{ list: Array<{ audience_details: AudienceItem }> }>(
			emulator,
			'/dmp/custom_audience/get/',
			{ advertiser_id: EU, custom_audience_ids: [NEWSLETTER, euOwn] },
		);
		assert.equal(got.code, 0, got.message);
		assert.deepEqual(
			got.data.list.map((entry) => kind(entry.audience_details)),
			[kind(eu.get(NEWSLETTER)), kind(eu.get(euOwn))],
		);
	});

	it('an audience only shared with the advertiser: update, file changes, refresh and delete are 40001', async () => {
		await share([NEWSLETTER, LOOKALIKE]);
		const euOwn = await createAudienceFrom(emulator, emailDigests(10, 'eu'), 'EU own', EU);
		const euFile = await uploadDigests(emulator, emailDigests(1200, 'eu-file'), {
			advertiserId: EU,
		});
		const newsletter = emulator.world.audience(NEWSLETTER);
		assert.ok(newsletter);
		const historyBefore = newsletter.history.length;
		const notOwner = (reply: { code: number; message: string }, what: string) => {
			assert.equal(reply.code, 40001, what);
			assert.match(reply.message, new RegExp(`owned by another advertiser \\(${US}\\)`), what);
		};
		const asRecipient = (path: string, body: Record<string, unknown>) =>
			postApi(emulator, path, { advertiser_id: EU, ...body });

		notOwner(
			await asRecipient('/dmp/custom_audience/update/', {
				custom_audience_id: NEWSLETTER,
				custom_audience_name: 'Mine now',
			}),
			'rename',
		);
		for (const action of ['REPLACE', 'APPEND', 'REMOVE']) {
			notOwner(
				await asRecipient('/dmp/custom_audience/update/', {
					custom_audience_id: NEWSLETTER,
					file_paths: [euFile],
					action,
				}),
				`files, ${action}`,
			);
		}
		notOwner(
			await asRecipient('/dmp/custom_audience/lookalike/update/', {
				custom_audience_ids: [LOOKALIKE],
			}),
			'lookalike refresh',
		);
		notOwner(
			await asRecipient('/dmp/custom_audience/delete/', { custom_audience_ids: [NEWSLETTER] }),
			'delete',
		);
		// All or nothing: the recipient's own audience in the same delete stays too.
		notOwner(
			await asRecipient('/dmp/custom_audience/delete/', {
				custom_audience_ids: [euOwn, NEWSLETTER],
			}),
			'delete with an own audience',
		);
		assert.ok(emulator.world.audience(euOwn));

		assert.equal(newsletter.name, AUDIENCES.newsletter.name);
		assert.equal(newsletter.members.size, AUDIENCES.newsletter.size);
		assert.equal(newsletter.history.length, historyBefore);
		assert.ok(emulator.world.audience(NEWSLETTER));
		assert.equal(emulator.world.counters.audiencesUpdated, 0);
		assert.equal(emulator.world.counters.audiencesDeleted, 0);
		assert.equal(emulator.world.counters.lookalikesRefreshed, 0);
		assert.equal((await listFor(EU)).get(NEWSLETTER)?.is_creator, false);
	});
});
