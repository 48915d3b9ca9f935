import { useEmulator } from '../support/emulator';
import { assert, describe, it } from '../support/testing';
import type { Emulator } from './server';
import {
	AUDIENCES,
	US,
	control,
	createAudienceFrom,
	emailDigests,
	postApi,
	uploadDigests,
	uploadFile,
} from './test-helpers';
import { md5Hex } from './world';

const NEWSLETTER = AUDIENCES.newsletter.id;

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

	describe('customer file header must name the calculate_type', () => {
		const [maid] = emailDigests(1, 'device');

		it('IDFA_SHA256 data under a MAID_SHA256 header: 40002', async () => {
			const reply = await uploadFile(emulator, {
				content: `MAID_SHA256\n${maid}\n`,
				calculateType: 'IDFA_SHA256',
			});
			assert.equal(reply.code, 40002);
			assert.equal(
				reply.message,
				'file: line 1: header MAID_SHA256 does not match calculate_type IDFA_SHA256',
			);
		});

		it('a FIRST_* file takes only a FIRST_* or MAID_* header, not IDFA_* or GAID_*', async () => {
			for (const [header, calculateType] of [
				['IDFA_SHA256', 'FIRST_SHA256'],
				['GAID_SHA256', 'MAID_SHA256'],
				['IDFA_MD5', 'FIRST_MD5'],
			]) {
				const digest = calculateType.endsWith('MD5') ? md5Hex('device') : maid;
				const reply = await uploadFile(emulator, {
					content: `${header}\n${digest}\n`,
					calculateType,
				});
				assert.equal(reply.code, 40002, `${header} in a ${calculateType} file`);
				assert.match(reply.message, /does not match calculate_type/);
			}
			for (const [header, calculateType] of [
				['MAID_SHA256', 'FIRST_SHA256'],
				['FIRST_SHA256', 'MAID_SHA256'],
				['IDFA_SHA256', 'IDFA_SHA256'],
			]) {
				const reply = await uploadFile(emulator, {
					content: `${header}\n${maid}\n`,
					calculateType,
				});
				assert.equal(reply.code, 0, `${header} in a ${calculateType} file: ${reply.message}`);
			}
		});
	});

	describe('file_paths and file size limits', () => {
		it('create takes at most 500 file_paths (spec maxItems)', async () => {
			const file = await uploadDigests(emulator, emailDigests(5));
			const body = (count: number) => ({
				advertiser_id: US,
				custom_audience_name: 'Many files',
				file_paths: Array.from({ length: count }, () => file),
				calculate_type: 'EMAIL_SHA256',
			});
			const tooMany = await postApi(emulator, '/dmp/custom_audience/create/', body(501));
			assert.equal(tooMany.code, 40002);
			assert.equal(tooMany.message, 'file_paths: must have at most 500 items, got 501');
			const most = await postApi(emulator, '/dmp/custom_audience/create/', body(500));
			assert.equal(most.code, 0, most.message);
		});

		it('a file at or over the size limit: 40907; the limit is a setting', async () => {
			const content = `${emailDigests(3).join('\n')}\n`;
			const size = new TextEncoder().encode(content).length;
			const set = await control(emulator, 'POST', 'settings', { fileSizeLimitBytes: size });
			assert.equal(set.status, 200);
			const tooLarge = await uploadFile(emulator, { content });
			assert.equal(tooLarge.code, 40907);
			assert.equal(
				tooLarge.message,
				`file: the file is ${size} bytes; files must be smaller than ${size} bytes`,
			);
			assert.equal(emulator.world.files.length, 0);

			await control(emulator, 'POST', 'settings', { fileSizeLimitBytes: size + 1 });
			assert.equal((await uploadFile(emulator, { content })).code, 0);
			const badName = await uploadFile(emulator, { content, fileName: 'audience.xlsx' });
			assert.equal(badName.code, 40908, 'the file type is checked first');

			emulator.reset();
			assert.equal(emulator.world.fileSizeLimitBytes, 1_000_000_000);
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
