import { useEmulator } from '../../support/emulator';
import { assert, describe, it } from '../../support/testing';
import type { Emulator } from '../../emulator/server';
import { startEmulator } from '../../emulator/server';
import {
	AUDIENCES,
	EU,
	OTHER,
	US,
	control,
	createAudienceFrom,
	emailDigests,
	postApi,
	uploadDigests,
	uploadFile,
} from '../test-helpers';

const NEWSLETTER = AUDIENCES.newsletter.id;

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

	describe('update', () => {
		const newsletter = AUDIENCES.newsletter.id;

		it('APPEND adds only new digests', async () => {
			const existing = [...members(newsletter)].slice(0, 100);
			const file = await uploadDigests(emulator, [...existing, ...emailDigests(50, 'new')]);
			const reply = await update({
				custom_audience_id: newsletter,
				file_paths: [file],
				action: 'APPEND',
			});
			assert.equal(reply.code, 0, reply.message);
			assert.equal(members(newsletter).size, 1550);
		});

		it('REMOVE removes matching digests only', async () => {
			const existing = [...members(newsletter)].slice(0, 200);
			const file = await uploadDigests(emulator, [...existing, ...emailDigests(50, 'stranger')]);
			const reply = await update({
				custom_audience_id: newsletter,
				file_paths: [file],
				action: 'REMOVE',
			});
			assert.equal(reply.code, 0, reply.message);
			assert.equal(members(newsletter).size, 1300);
			assert.equal(members(newsletter).has(existing[0]), false);
		});

		it('REPLACE is the default and swaps the whole member set', async () => {
			const replacement = emailDigests(1200, 'replacement');
			const file = await uploadDigests(emulator, replacement);
			const reply = await update({ custom_audience_id: newsletter, file_paths: [file] });
			assert.equal(reply.code, 0, reply.message);
			assert.deepEqual([...members(newsletter)].sort(), [...replacement].sort());
			const history = emulator.world.audience(newsletter)?.history ?? [];
			assert.equal(history.at(-1)?.action, 'REPLACE');
		});

		it('fails with 40002 and changes nothing when the result would be under the minimum', async () => {
			const existing = [...members(newsletter)].slice(0, 600);
			const file = await uploadDigests(emulator, existing);
			const reply = await update({
				custom_audience_id: newsletter,
				file_paths: [file],
				action: 'REMOVE',
			});
			assert.equal(reply.code, 40002);
			assert.match(reply.message, /would have 900 IDs, below the minimum of 1000/);
			assert.equal(members(newsletter).size, 1500);
		});

		it('minimumAudienceSize is configurable', async () => {
			const small = await startEmulator({ minimumAudienceSize: 10 });
			try {
				const file = await uploadDigests(small, emailDigests(20));
				const reply = await postApi(small, '/dmp/custom_audience/update/', {
					advertiser_id: US,
					custom_audience_id: newsletter,
					file_paths: [file],
				});
				assert.equal(reply.code, 0, reply.message);
			} finally {
				await small.close();
			}
		});

		it('renames, records history, and needs a name or files', async () => {
			const renamed = await update({
				custom_audience_id: newsletter,
				custom_audience_name: 'Subscribers',
			});
			assert.equal(renamed.code, 0);
			assert.equal(emulator.world.audience(newsletter)?.name, 'Subscribers');
			assert.equal(emulator.world.audience(newsletter)?.history.at(-1)?.action, 'RENAME');
			const nothing = await update({ custom_audience_id: newsletter });
			assert.equal(nothing.code, 40002);
		});

		it('files must match the audience calculate_type; lookalikes take no files', async () => {
			const phoneFile = await uploadDigests(emulator, emailDigests(5), {
				calculateType: 'PHONE_SHA256',
			});
			const mismatch = await update({ custom_audience_id: newsletter, file_paths: [phoneFile] });
			assert.equal(mismatch.code, 40002);
			const emailFile = await uploadDigests(emulator, emailDigests(5));
			const lookalike = await update({
				custom_audience_id: AUDIENCES.newsletterLookalike.id,
				file_paths: [emailFile],
				action: 'APPEND',
			});
			assert.equal(lookalike.code, 40002);
			assert.match(lookalike.message, /lookalike/);
		});

		it("another advertiser's audience: 40001 when shared, 40007 when not visible", async () => {
			const otherOwned = await postApi(emulator, '/dmp/custom_audience/update/', {
				advertiser_id: OTHER,
				custom_audience_id: AUDIENCES.otherAgencyRetargeting.id,
				custom_audience_name: 'Renamed',
			});
			assert.equal(otherOwned.code, 40001);
			const foreign = await update({
				custom_audience_id: AUDIENCES.otherAgencyRetargeting.id,
				custom_audience_name: 'Mine now',
			});
			assert.equal(foreign.code, 40007);
			assert.ok(foreign.message.includes(AUDIENCES.otherAgencyRetargeting.id));

			await postApi(emulator, '/dmp/custom_audience/share/', {
				advertiser_id: US,
				custom_audience_ids: [newsletter],
				shared_advertiser_ids: [EU],
			});
			const sharedEdit = await postApi(emulator, '/dmp/custom_audience/update/', {
				advertiser_id: EU,
				custom_audience_id: newsletter,
				custom_audience_name: 'Not yours',
			});
			assert.equal(sharedEdit.code, 40001);
		});
	});
});

describe('emulator: spec rules a client can break', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	async function update(body: Record<string, unknown>) {
		return await postApi(emulator, '/dmp/custom_audience/update/', { advertiser_id: US, ...body });
	}

	function audience(audienceId: string) {
		const found = emulator.world.audience(audienceId);
		assert.ok(found, `audience ${audienceId} exists`);
		return found;
	}

	describe('update: custom_audience_name or file_paths must come along', () => {
		it('audience_enhancement alone is refused with 40002 and changes nothing', async () => {
			const historyBefore = audience(NEWSLETTER).history.length;
			const reply = await update({ custom_audience_id: NEWSLETTER, audience_enhancement: true });
			assert.equal(reply.code, 40002);
			assert.equal(
				reply.message,
				'custom_audience_name or file_paths: pass at least one of them; audience_enhancement cannot be sent alone',
			);
			assert.equal(audience(NEWSLETTER).audienceEnhancement, false);
			assert.equal(audience(NEWSLETTER).history.length, historyBefore);
			assert.equal(emulator.world.counters.audiencesUpdated, 0);
		});

		it('audience_enhancement with the current name is accepted', async () => {
			const reply = await update({
				custom_audience_id: NEWSLETTER,
				custom_audience_name: AUDIENCES.newsletter.name,
				audience_enhancement: true,
			});
			assert.equal(reply.code, 0, reply.message);
			assert.equal(audience(NEWSLETTER).audienceEnhancement, true);
			assert.equal(audience(NEWSLETTER).name, AUDIENCES.newsletter.name);
		});

		it('audience_sub_type alone is refused; with a name it wins and the name is ignored', async () => {
			const alone = await update({
				custom_audience_id: NEWSLETTER,
				audience_sub_type: 'REACH_FREQUENCY',
			});
			assert.equal(alone.code, 40002);
			assert.match(alone.message, /audience_sub_type cannot be sent alone/);
			assert.equal(audience(NEWSLETTER).audienceSubType, 'NORMAL');

			const withName = await update({
				custom_audience_id: NEWSLETTER,
				audience_sub_type: 'REACH_FREQUENCY',
				custom_audience_name: 'Ignored',
			});
			assert.equal(withName.code, 0, withName.message);
			assert.equal(audience(NEWSLETTER).audienceSubType, 'REACH_FREQUENCY');
			assert.equal(audience(NEWSLETTER).name, AUDIENCES.newsletter.name);
		});

		it('an empty file_paths names no file: 40002, even with a name', async () => {
			const reply = await update({
				custom_audience_id: NEWSLETTER,
				custom_audience_name: 'Renamed',
				file_paths: [],
				action: 'APPEND',
			});
			assert.equal(reply.code, 40002);
			assert.equal(reply.message, 'file_paths: must have at least 1 item(s), got 0');
			assert.equal(audience(NEWSLETTER).name, AUDIENCES.newsletter.name);
		});
	});

	describe('update with a file of another calculate_type', () => {
		it('REMOVE and APPEND with a PHONE_SHA256 file on an EMAIL_SHA256 audience: 40002', async () => {
			const members = [...audience(NEWSLETTER).members];
			const phoneFile = await uploadDigests(emulator, members.slice(0, 200), {
				calculateType: 'PHONE_SHA256',
			});
			for (const action of ['REMOVE', 'APPEND', 'REPLACE']) {
				const reply = await update({
					custom_audience_id: NEWSLETTER,
					file_paths: [phoneFile],
					action,
				});
				assert.equal(reply.code, 40002, action);
				assert.equal(
					reply.message,
					`file_paths[0]: file ${phoneFile} was uploaded with calculate_type PHONE_SHA256, not EMAIL_SHA256`,
				);
			}
			assert.deepEqual(audience(NEWSLETTER).members, new Set(members));
			assert.equal(emulator.world.counters.audiencesUpdated, 0);
		});

		it('one mismatched file among good ones refuses the whole request', async () => {
			const members = [...audience(NEWSLETTER).members];
			const emailFile = await uploadDigests(emulator, members.slice(0, 100));
			const multipleFile = (
				await uploadFile(emulator, {
					content: `EMAIL_SHA256\n${members[100]}\n`,
					calculateType: 'MULTIPLE_TYPES',
				})
			).data.file_path;
			const reply = await update({
				custom_audience_id: NEWSLETTER,
				file_paths: [emailFile, multipleFile],
				action: 'REMOVE',
			});
			assert.equal(reply.code, 40002);
			assert.match(reply.message, /^file_paths\[1\]: .* MULTIPLE_TYPES, not EMAIL_SHA256$/);
			assert.equal(audience(NEWSLETTER).members.size, 1500);
		});

		it('a MAID_SHA256 file may REMOVE from a FIRST_SHA256 audience (one encryption type)', async () => {
			const devices = emailDigests(1200, 'device');
			const created = await postApi<{ custom_audience_id: string }>(
				emulator,
				'/dmp/custom_audience/create/',
				{
					advertiser_id: US,
					custom_audience_name: 'Devices',
					file_paths: [await uploadDigests(emulator, devices, { calculateType: 'FIRST_SHA256' })],
					calculate_type: 'FIRST_SHA256',
				},
			);
			assert.equal(created.code, 0, created.message);
			const id = created.data.custom_audience_id;
			const maidFile = await uploadDigests(emulator, devices.slice(0, 100), {
				calculateType: 'MAID_SHA256',
			});
			const reply = await update({
				custom_audience_id: id,
				file_paths: [maidFile],
				action: 'REMOVE',
			});
			assert.equal(reply.code, 0, reply.message);
			assert.equal(audience(id).members.size, 1100);
			const idfaFile = await uploadDigests(emulator, devices.slice(100, 200), {
				calculateType: 'IDFA_SHA256',
			});
			const idfa = await update({
				custom_audience_id: id,
				file_paths: [idfaFile],
				action: 'REMOVE',
			});
			assert.equal(idfa.code, 40002, 'IDFA_SHA256 is a type of its own');
			assert.equal(audience(id).members.size, 1100);
		});

		it('a small audience created from a file still refuses a file of another type', async () => {
			const id = await createAudienceFrom(emulator, emailDigests(10));
			const gaidFile = await uploadDigests(emulator, emailDigests(10), {
				calculateType: 'GAID_SHA256',
			});
			const reply = await update({
				custom_audience_id: id,
				file_paths: [gaidFile],
				action: 'APPEND',
			});
			assert.equal(reply.code, 40002);
			assert.match(reply.message, /GAID_SHA256, not EMAIL_SHA256/);
		});
	});
});

// Rules a "Create or Update" by name leans on; README "Rules and their sources".
describe('emulator: update refusals a sync by name relies on', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	const LOOKALIKE = AUDIENCES.newsletterLookalike.id;

	async function update(body: Record<string, unknown>) {
		return await postApi(emulator, '/dmp/custom_audience/update/', { advertiser_id: US, ...body });
	}

	function audience(audienceId: string) {
		const found = emulator.world.audience(audienceId);
		assert.ok(found, `audience ${audienceId} exists`);
		return found;
	}

	it('file_paths on a lookalike audience: 40002 naming its type, for every action; nothing changes', async () => {
		const file = await uploadDigests(emulator, emailDigests(1200, 'lookalike-file'));
		const historyBefore = audience(LOOKALIKE).history.length;
		for (const action of ['REPLACE', 'APPEND', 'REMOVE', undefined]) {
			const reply = await update({
				custom_audience_id: LOOKALIKE,
				custom_audience_name: 'Renamed with files',
				file_paths: [file],
				...(action === undefined ? {} : { action }),
			});
			assert.equal(reply.code, 40002, `action ${action ?? '(default)'}`);
			assert.equal(
				reply.message,
				`file_paths: audience ${LOOKALIKE} is a Lookalike Audience, not a Customer File Audience; a lookalike audience takes no customer files`,
			);
		}
		assert.equal(audience(LOOKALIKE).name, AUDIENCES.newsletterLookalike.name);
		assert.equal(audience(LOOKALIKE).members.size, 0);
		assert.deepEqual(audience(LOOKALIKE).filePaths, []);
		assert.equal(audience(LOOKALIKE).history.length, historyBefore);
		assert.equal(emulator.world.counters.audiencesUpdated, 0);

		// A rename alone is a change a lookalike takes.
		const renamed = await update({ custom_audience_id: LOOKALIKE, custom_audience_name: 'LAL' });
		assert.equal(renamed.code, 0, renamed.message);
	});

	it('REPLACE with an empty file_paths: 40002 and the members stay, even with minimumAudienceSize 0', async () => {
		const historyBefore = audience(NEWSLETTER).history.length;
		const attempts: Array<Record<string, unknown>> = [
			{ file_paths: [], action: 'REPLACE' },
			{ file_paths: [] },
			{ file_paths: [], action: 'REPLACE', custom_audience_name: 'Emptied' },
		];
		const tryAll = async () => {
			for (const attempt of attempts) {
				const reply = await update({ custom_audience_id: NEWSLETTER, ...attempt });
				assert.equal(reply.code, 40002, JSON.stringify(attempt));
				assert.equal(reply.message, 'file_paths: must have at least 1 item(s), got 0');
			}
		};
		await tryAll();
		// Not the size rule: with no minimum at all, an empty list still empties nothing.
		const set = await control(emulator, 'POST', 'settings', { minimumAudienceSize: 0 });
		assert.equal(set.status, 200);
		await tryAll();
		assert.equal(audience(NEWSLETTER).members.size, AUDIENCES.newsletter.size);
		assert.equal(audience(NEWSLETTER).name, AUDIENCES.newsletter.name);
		assert.equal(audience(NEWSLETTER).history.length, historyBefore);
		assert.equal(emulator.world.counters.audiencesUpdated, 0);

		// With minimumAudienceSize 0, a REPLACE with a small file does go through.
		const small = await uploadDigests(emulator, emailDigests(5, 'small'));
		const replaced = await update({
			custom_audience_id: NEWSLETTER,
			file_paths: [small],
			action: 'REPLACE',
		});
		assert.equal(replaced.code, 0, replaced.message);
		assert.equal(audience(NEWSLETTER).members.size, 5);
	});
});
