import { useEmulator } from '../../support/emulator';
import { assert, describe, it } from '../../support/testing';
import type { Emulator } from '../../emulator/server';
import {
	AUDIENCES,
	OUTLET,
	US,
	control,
	emailDigests,
	getApi,
	postApi,
	uploadDigests,
} from '../test-helpers';
import { formatTikTokTime } from '../../emulator/world';

const THREE_HOURS_S = 3 * 60 * 60;

interface ListItem {
	audience_id: string;
	name: string;
	audience_type: string;
	create_time: string;
	cover_num: number;
	is_valid: boolean;
	lookalike_spec?: { source_audience_id: string; audience_size: string };
}

describe('emulator: an advertiser that already holds same-named audiences', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	async function list(advertiserId: string = US): Promise<ListItem[]> {
		const reply = await getApi<{ list: ListItem[] }>(emulator, '/dmp/custom_audience/list/', {
			advertiser_id: advertiserId,
			page_size: 100,
		});
		assert.equal(reply.code, 0, reply.message);
		return reply.data.list;
	}

	async function seed(
		body: Record<string, unknown>,
	): Promise<{ audienceId: string; createTime: string }> {
		const reply = await control<{ audienceId: string; createTime: string }>(
			emulator,
			'POST',
			'audience',
			body,
		);
		assert.equal(reply.status, 200, JSON.stringify(reply.json));
		return reply.json;
	}

	it('seeds a customer-file audience named like an existing one, created 3 hours ago', async () => {
		const threeHoursAgo = emulator.world.now() - THREE_HOURS_S * 1000;
		const seeded = await seed({
			advertiserId: US,
			name: AUDIENCES.newsletter.name,
			createdSecondsAgo: THREE_HOURS_S,
			memberCount: 1500,
		});
		assert.match(seeded.audienceId, /^\d{19}$/);
		// create_time has whole seconds; allow for the second ticking over.
		assert.ok(
			Math.abs(Date.parse(`${seeded.createTime.replace(' ', 'T')}Z`) - threeHoursAgo) < 2000,
		);

		const namesakes = (await list()).filter((item) => item.name === AUDIENCES.newsletter.name);
		assert.deepEqual(
			namesakes.map((item) => item.audience_id),
			[AUDIENCES.newsletter.id, seeded.audienceId],
			'newest first: the seeded one is older',
		);
		const older = namesakes[1];
		assert.equal(older.create_time, seeded.createTime);
		assert.equal(older.audience_type, 'Customer File Audience');
		assert.equal(older.cover_num, 1500);
		assert.equal(older.is_valid, true);
		const stored = emulator.world.audience(seeded.audienceId);
		assert.equal(stored?.members.size, 1500);
		assert.equal(
			[...(stored?.members ?? [])].some((digest) =>
				emulator.world.audience(AUDIENCES.newsletter.id)?.members.has(digest),
			),
			false,
			'namesakes share no members',
		);

		const details = await getApi<{
			list: Array<{ audience_history: Array<{ action: string; opt_time: string }> }>;
		}>(emulator, '/dmp/custom_audience/get/', {
			advertiser_id: US,
			custom_audience_ids: [seeded.audienceId],
		});
		assert.deepEqual(
			details.data.list[0].audience_history.map((entry) => [entry.action, entry.opt_time]),
			[['CREATE', seeded.createTime]],
		);
	});

	it('seeds a lookalike namesake; creating another with that name makes a third', async () => {
		const seeded = await seed({
			advertiserId: US,
			name: AUDIENCES.newsletterLookalike.name,
			type: 'lookalike',
			sourceAudienceId: AUDIENCES.newsletter.id,
			audienceSize: 'NARROW',
			createdSecondsAgo: THREE_HOURS_S,
		});
		const created = await postApi<{ custom_audience_id: string }>(
			emulator,
			'/dmp/custom_audience/lookalike/create/',
			{
				advertiser_id: US,
				custom_audience_name: AUDIENCES.newsletterLookalike.name,
				lookalike_spec: {
					source_audience_id: AUDIENCES.newsletter.id,
					include_source: false,
					mobile_os: 'ALL',
					placements: ['TikTok'],
					location_ids: ['6252001'],
					audience_size: 'BALANCED',
				},
			},
		);
		assert.equal(created.code, 0, 'names are not unique');
		const namesakes = (await list()).filter(
			(item) => item.name === AUDIENCES.newsletterLookalike.name,
		);
		assert.deepEqual(
			namesakes.map((item) => item.audience_id),
			[created.data.custom_audience_id, AUDIENCES.newsletterLookalike.id, seeded.audienceId],
		);
		const older = namesakes[2];
		assert.equal(older.audience_type, 'Lookalike Audience');
		assert.equal(older.lookalike_spec?.source_audience_id, AUDIENCES.newsletter.id);
		assert.equal(older.lookalike_spec?.audience_size, 'NARROW');
		assert.equal(older.cover_num, AUDIENCES.newsletter.size * 2);
		assert.ok(older.create_time < namesakes[0].create_time);
	});

	it('a customer-file audience can be created under a name already in use', async () => {
		await seed({ advertiserId: OUTLET, name: 'Buyers', createdSecondsAgo: THREE_HOURS_S });
		const created = await postApi<{ custom_audience_id: string }>(
			emulator,
			'/dmp/custom_audience/create/',
			{
				advertiser_id: OUTLET,
				custom_audience_name: 'Buyers',
				file_paths: [await uploadDigests(emulator, emailDigests(5), { advertiserId: OUTLET })],
				calculate_type: 'EMAIL_SHA256',
			},
		);
		assert.equal(created.code, 0);
		const buyers = (await list(OUTLET)).filter((item) => item.name === 'Buyers');
		assert.equal(buyers.length, 2);
		assert.equal(buyers[0].audience_id, created.data.custom_audience_id);
	});

	it('explicit members, another calculate_type, and a namesake still processing', async () => {
		const members = emailDigests(3, 'given');
		const given = await seed({
			advertiserId: US,
			name: 'Given members',
			calculateType: 'PHONE_SHA256',
			members,
		});
		const stored = emulator.world.audience(given.audienceId);
		assert.deepEqual(stored?.members, new Set(members));
		assert.equal(stored?.calculateType, 'PHONE_SHA256');

		const processing = await seed({
			advertiserId: US,
			name: 'Still matching',
			memberCount: 2000,
			processing: true,
			createdSecondsAgo: 60,
		});
		const item = (await list()).find((entry) => entry.audience_id === processing.audienceId);
		assert.deepEqual([item?.is_valid, item?.cover_num], [false, 0]);
		await control(emulator, 'POST', 'finish-matching', { audienceId: processing.audienceId });
		const done = (await list()).find((entry) => entry.audience_id === processing.audienceId);
		assert.deepEqual([done?.is_valid, done?.cover_num], [true, 2000]);
	});

	it('bad seed requests are a 400 and add nothing', async () => {
		const before = emulator.world.audiences().length;
		for (const body of [
			{ name: 'No advertiser' },
			{ advertiserId: US },
			{ advertiserId: US, name: 'x', type: 'rule' },
			{ advertiserId: US, name: 'x', createdSecondsAgo: -5 },
			{ advertiserId: US, name: 'x', type: 'lookalike' },
			{
				advertiserId: US,
				name: 'x',
				type: 'lookalike',
				sourceAudienceId: AUDIENCES.newsletter.id,
				audienceSize: 'HUGE',
			},
			{ advertiserId: US, name: 'x', calculateType: 'EMAIL' },
			{ advertiserId: US, name: 'x', members: ['a'], memberCount: 1 },
			{ advertiserId: US, name: 'x', memberCount: 1.5 },
			{ advertiserId: US, name: 'x', processing: 'yes' },
		]) {
			const reply = await control(emulator, 'POST', 'audience', body);
			assert.equal(reply.status, 400, JSON.stringify(body));
		}
		assert.equal(emulator.world.audiences().length, before);
	});

	it('in process: world.addAudience takes createdAt', async () => {
		const createdAt = emulator.world.now() - THREE_HOURS_S * 1000;
		const audience = emulator.world.addAudience({
			advertiserId: US,
			name: AUDIENCES.recentBuyers.name,
			createdAt,
		});
		const item = (await list()).find((entry) => entry.audience_id === audience.audienceId);
		assert.equal(item?.create_time, formatTikTokTime(createdAt));
		assert.equal((await list()).at(-1)?.audience_id, audience.audienceId, 'oldest comes last');
	});
});
