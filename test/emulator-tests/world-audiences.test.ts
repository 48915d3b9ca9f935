import { useEmulator } from '../support/emulator';
import { assert, describe, it } from '../support/testing';
import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import {
	AUDIENCES,
	US,
	control,
	createAudienceFrom,
	emailDigests,
	getApi,
	postApi,
	uploadDigests,
} from './test-helpers';

const DAY_MS = 24 * 60 * 60 * 1000;

interface ListItem {
	audience_id: string;
	cover_num: number;
	is_valid: boolean;
}

describe('emulator: matching after a change (processing, cover_num, is_valid)', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	async function item(audienceId: string): Promise<ListItem> {
		const reply = await getApi<{ list: ListItem[] }>(emulator, '/dmp/custom_audience/list/', {
			advertiser_id: US,
			custom_audience_ids: [audienceId],
		});
		assert.equal(reply.code, 0, reply.message);
		return reply.data.list[0];
	}

	async function appendTo(audienceId: string, digests: string[]) {
		return await postApi(emulator, '/dmp/custom_audience/update/', {
			advertiser_id: US,
			custom_audience_id: audienceId,
			file_paths: [await uploadDigests(emulator, digests)],
			action: 'APPEND',
		});
	}

	async function holdMatching(): Promise<void> {
		const set = await control(emulator, 'POST', 'settings', { matchingDelayMs: 2 * DAY_MS });
		assert.equal(set.status, 200);
	}

	it('by default matching finishes at once; under 1,000 matches an audience is not valid', async () => {
		const large = await createAudienceFrom(emulator, emailDigests(1000), 'Large');
		const small = await createAudienceFrom(emulator, emailDigests(999), 'Small');
		const [largeItem, smallItem] = [await item(large), await item(small)];
		assert.deepEqual([largeItem.cover_num, largeItem.is_valid], [1000, true]);
		assert.deepEqual([smallItem.cover_num, smallItem.is_valid], [999, false]);
	});

	it('a new audience is processing: not valid, cover_num 0, and an update is refused', async () => {
		await holdMatching();
		const id = await createAudienceFrom(emulator, emailDigests(1200), 'Fresh');
		const fresh = await item(id);
		assert.equal(fresh.is_valid, false);
		assert.equal(fresh.cover_num, 0);

		const refused = await appendTo(id, emailDigests(10, 'more'));
		assert.equal(refused.code, 40002);
		assert.match(refused.message, /still being processed/);
		const renamed = await postApi(emulator, '/dmp/custom_audience/update/', {
			advertiser_id: US,
			custom_audience_id: id,
			custom_audience_name: 'Renamed',
		});
		assert.equal(renamed.code, 40002);
		assert.equal(emulator.world.audience(id)?.members.size, 1200);

		const lookalike = await postApi(emulator, '/dmp/custom_audience/lookalike/create/', {
			advertiser_id: US,
			custom_audience_name: 'Too early',
			lookalike_spec: {
				source_audience_id: id,
				include_source: false,
				mobile_os: 'ALL',
				placements: ['TikTok'],
				location_ids: ['6252001'],
				audience_size: 'NARROW',
			},
		});
		assert.equal(lookalike.code, 40002, 'a seed with 0 matched users so far is too small');

		const finished = await control(emulator, 'POST', 'finish-matching', { audienceId: id });
		assert.deepEqual(finished, { status: 200, json: { finished: 1 } });
		const matched = await item(id);
		assert.deepEqual([matched.cover_num, matched.is_valid], [1200, true]);
		assert.equal((await appendTo(id, emailDigests(10, 'more'))).code, 0);
	});

	it('a member change processes again; cover_num keeps the last match meanwhile', async () => {
		await holdMatching();
		const id = AUDIENCES.newsletter.id;
		assert.equal((await appendTo(id, emailDigests(300, 'new'))).code, 0);
		const during = await item(id);
		assert.equal(during.cover_num, 1500);
		assert.equal(during.is_valid, false);
		assert.equal(emulator.world.audience(id)?.members.size, 1800);

		const finished = await control(emulator, 'POST', 'finish-matching', {});
		assert.deepEqual(finished.json, { finished: 1 });
		assert.equal((await item(id)).cover_num, 1800);
		assert.equal((await item(id)).is_valid, true);
	});

	it('matching ends by itself once the delay has passed on the emulator clock', async () => {
		await control(emulator, 'POST', 'settings', { matchingDelayMs: 60_000 });
		const id = await createAudienceFrom(emulator, emailDigests(1000), 'Clocked');
		assert.equal((await item(id)).is_valid, false);
		emulator.world.advanceClock(60_000);
		assert.equal((await item(id)).is_valid, true);
		assert.equal((await item(id)).cover_num, 1000);
	});

	it('a lookalike processes after create and refresh; a refresh while processing: 40002', async () => {
		await holdMatching();
		const id = AUDIENCES.newsletterLookalike.id;
		const refresh = () =>
			postApi(emulator, '/dmp/custom_audience/lookalike/update/', {
				advertiser_id: US,
				custom_audience_ids: [id],
			});
		assert.equal((await refresh()).code, 0);
		assert.equal((await item(id)).is_valid, false);
		const again = await refresh();
		assert.equal(again.code, 40002);
		assert.match(again.message, /still being processed/);
		emulator.world.finishMatching();
		assert.equal((await refresh()).code, 0);
	});

	it('settings: bad values and unknown names are a 400; reset restores the start-up values', async () => {
		assert.equal(
			(await control(emulator, 'POST', 'settings', { matchingDelayMs: -1 })).status,
			400,
		);
		assert.equal((await control(emulator, 'POST', 'settings', { processing: true })).status, 400);
		assert.equal(
			(await control(emulator, 'POST', 'finish-matching', { audienceId: '1' })).status,
			400,
		);
		await holdMatching();
		const state = await control<{ matchingDelayMs: number }>(emulator, 'GET', 'state');
		assert.equal(state.json.matchingDelayMs, 2 * DAY_MS);
		await control(emulator, 'POST', 'reset');
		assert.equal(emulator.world.matchingDelayMs, 0);
	});

	it('matchingDelayMs can be set at start-up', async () => {
		const slow = await startEmulator({ matchingDelayMs: DAY_MS });
		try {
			const id = await createAudienceFrom(slow, emailDigests(1000), 'Slow');
			assert.equal(slow.world.isProcessing(slow.world.audience(id)!), true);
			slow.reset();
			assert.equal(slow.world.matchingDelayMs, DAY_MS);
		} finally {
			await slow.close();
		}
	});
});
