import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../../emulator';
import { useEmulator } from '../../../support/emulator';
import { createAudience, FAULT_OPTIONS, STEP } from '../../../support/faults';
import { contacts, digests, digestsOf, emails, sha256 } from '../../../support/items';
import { assertNodeError, calls, uploads, US } from '../../../support/operations';
import { assert, describe, it } from '../../../support/testing';
import { byId, createFromItems, runTikTok, updateFromItems } from '../../../support/tiktok';

/** `count` items whose `email` is "person<n>@example.com". */
const people = (count: number, from = 0) =>
	Array.from({ length: count }, (_, index) => ({ email: `person${from + index}@example.com` }));

describe('Audience members from workflow items', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	it('turns 2,500 items into one upload of 2,500 distinct digests and one create', async () => {
		const run = await runTikTok(emulator, createFromItems(US, 'CRM contacts'), {
			items: contacts(2500),
		});
		assert.equal(run.error, undefined);
		assert.equal(run.json.length, 1, 'all items feed one audience');
		const result = run.json[0];
		assert.equal(result.rowsReceived, 2500);
		assert.equal(result.rowsUploaded, 2500);
		assert.equal(result.rowsDropped, 0);
		assert.equal(result.calculateType, 'EMAIL_SHA256');

		const audience = emulator.world.audience(String(result.audienceId));
		assert.ok(audience);
		assert.equal(audience.name, 'CRM contacts');
		assert.deepEqual(audience.members, digestsOf(2500));

		const uploads = calls(emulator, '/dmp/custom_audience/file/upload/');
		assert.equal(uploads.length, 1);
		assert.equal(uploads[0].response?.code, 0, 'the emulator accepted the MD5 signature');
		assert.equal(calls(emulator, '/dmp/custom_audience/create/').length, 1);
		assert.deepEqual(
			run.output[0].pairedItem,
			Array.from({ length: 2500 }, (_, item) => ({ item })),
		);
	});

	it('keeps 2,500 members when the same input is synced again with Replace', async () => {
		const created = await runTikTok(emulator, createFromItems(US, 'CRM contacts'), {
			items: contacts(2500),
		});
		const audienceId = String(created.json[0].audienceId);
		const run = await runTikTok(emulator, updateFromItems(US, audienceId, 'REPLACE'), {
			items: contacts(2500),
		});
		assert.equal(run.error, undefined);
		assert.equal(run.json[0].action, 'REPLACE');
		assert.deepEqual(emulator.world.audience(audienceId)?.members, digestsOf(2500));
		const update = calls(emulator, '/dmp/custom_audience/update/').at(-1);
		assert.equal((update?.body as IDataObject).action, 'REPLACE');
	});

	it('round-trips Add then Remove back to the original members', async () => {
		const created = await runTikTok(emulator, createFromItems(US, 'CRM contacts'), {
			items: contacts(2500),
		});
		const audienceId = String(created.json[0].audienceId);

		const added = await runTikTok(emulator, updateFromItems(US, audienceId, 'APPEND'), {
			items: contacts(700, 2300),
		});
		assert.equal(added.error, undefined);
		assert.equal(emulator.world.audience(audienceId)?.members.size, 3000);

		const removed = await runTikTok(emulator, updateFromItems(US, audienceId, 'REMOVE'), {
			items: contacts(500, 2500),
		});
		assert.equal(removed.error, undefined);
		assert.deepEqual(emulator.world.audience(audienceId)?.members, digestsOf(2500));
	});

	it('reports invalid rows by reason and uploads only valid ones', async () => {
		const items: IDataObject[] = [
			...contacts(1000),
			{ email: '' },
			{ email: '   ' },
			{},
			{ email: 'not-an-email' },
			{ email: '@example.com' },
			{ email: 12345 },
			{ email: { nested: true } },
			{ email: 'CONTACT1@example.com' },
			{ email: sha256('already@hashed.example').toUpperCase() },
		];
		const run = await runTikTok(emulator, createFromItems(US, 'CRM contacts'), { items });
		assert.equal(run.error, undefined);
		const result = run.json[0];
		assert.equal(result.rowsReceived, 1009);
		assert.equal(result.rowsUploaded, 1001);
		assert.equal(result.rowsDropped, 8);
		assert.deepEqual(result.droppedByReason, {
			blank: 3,
			invalidEmail: 2,
			notText: 2,
			duplicate: 1,
		});
		const members = emulator.world.audience(String(result.audienceId))?.members;
		assert.deepEqual(
			members,
			new Set([...digestsOf(1000), sha256('already@hashed.example')]),
			'the digest is kept, lower-cased, never hashed again',
		);
	});

	it('uploads repeated rows as they come with Remove Duplicate Rows off', async () => {
		const items = [...contacts(1000), ...contacts(10), { email: ' CONTACT3@Example.com' }];
		const run = await runTikTok(
			emulator,
			createFromItems(US, 'CRM contacts', { options: { removeDuplicates: false } }),
			{ items },
		);
		assert.equal(run.error, undefined, run.error?.message);
		const result = run.json[0];
		assert.equal(result.rowsUploaded, 1011);
		assert.equal(result.rowsDropped, 0);
		assert.deepEqual(result.droppedByReason, {});
		const [file] = emulator.world.files;
		assert.equal(file.rows, 1011);
		assert.deepEqual(emulator.world.audience(String(result.audienceId))?.members, digestsOf(1000));
	});

	it('hashes e-mail and phone into one file with both columns', async () => {
		const items = [
			{ email: 'Ana@Example.com', phone: '(415) 555-0100' },
			{ email: '', phone: '+44 20 7946 0958' },
			{ email: 'ben@example.com', phone: 'call me' },
		];
		const run = await runTikTok(
			emulator,
			createFromItems(US, 'CRM contacts', {
				identifierFields: { emailField: 'email', phoneField: 'phone' },
				options: { defaultCountryCode: '1' },
			}),
			{ items },
		);
		assert.equal(run.error, undefined);
		const result = run.json[0];
		assert.equal(result.calculateType, 'MULTIPLE_TYPES');
		assert.equal(result.rowsUploaded, 3);
		assert.deepEqual(result.identifiersDropped, { blank: 1, invalidPhone: 1 });
		const audience = emulator.world.audience(String(result.audienceId));
		assert.deepEqual(
			audience?.members,
			new Set([
				sha256('ana@example.com'),
				sha256('14155550100'),
				sha256('442079460958'),
				sha256('ben@example.com'),
			]),
		);
		const upload = calls(emulator, '/dmp/custom_audience/file/upload/')[0];
		assert.equal((upload.body as IDataObject).calculate_type, 'MULTIPLE_TYPES');
	});

	it('reads nested fields by dot notation', async () => {
		const items = contacts(3).map((contact) => ({ person: { contact } }));
		const run = await runTikTok(
			emulator,
			createFromItems(US, 'CRM contacts', {
				identifierFields: { emailField: 'person.contact.email' },
			}),
			{ items },
		);
		assert.equal(run.error, undefined);
		assert.deepEqual(
			emulator.world.audience(String(run.json[0].audienceId))?.members,
			digestsOf(3),
		);
	});

	it('splits a large list into several files, all in one create', async () => {
		const run = await runTikTok(
			emulator,
			createFromItems(US, 'CRM contacts', { options: { rowsPerFile: 1000 } }),
			{
				items: contacts(2500),
			},
		);
		assert.equal(run.error, undefined);
		const files = run.json[0].files as IDataObject[];
		assert.deepEqual(
			files.map((file) => file.rows),
			[1000, 1000, 500],
		);
		assert.equal(calls(emulator, '/dmp/custom_audience/file/upload/').length, 3);
		const create = calls(emulator, '/dmp/custom_audience/create/');
		assert.equal(create.length, 1);
		assert.deepEqual(
			(create[0].body as IDataObject).file_paths,
			files.map((file) => file.filePath),
		);
		assert.deepEqual(
			emulator.world.audience(String(run.json[0].audienceId))?.members,
			digestsOf(2500),
		);
	});

	it('creates from 51 files in one request: all or nothing', async () => {
		const run = await runTikTok(
			emulator,
			createFromItems(US, 'CRM contacts', { options: { rowsPerFile: 1000 } }),
			{ items: contacts(50_500) },
		);
		assert.equal(run.error, undefined, run.error?.message);
		assert.equal((run.json[0].files as IDataObject[]).length, 51);
		const create = calls(emulator, '/dmp/custom_audience/create/');
		assert.equal(create.length, 1);
		assert.equal(((create[0].body as IDataObject).file_paths as string[]).length, 51);
		assert.equal(calls(emulator, '/dmp/custom_audience/update/').length, 0);
		assert.equal(emulator.world.audience(String(run.json[0].audienceId))?.members.size, 50_500);
	});

	it('replaces with 51 files in one request, never through a half-replaced audience', async () => {
		const created = await runTikTok(emulator, createFromItems(US, 'CRM contacts'), {
			items: contacts(2000),
		});
		const audienceId = String(created.json[0].audienceId);
		const run = await runTikTok(
			emulator,
			updateFromItems(US, audienceId, 'REPLACE', { options: { rowsPerFile: 1000 } }),
			{ items: contacts(50_500, 1000) },
		);
		assert.equal(run.error, undefined, run.error?.message);
		const updates = calls(emulator, '/dmp/custom_audience/update/');
		assert.equal(updates.length, 1);
		assert.equal((updates[0].body as IDataObject).action, 'REPLACE');
		assert.equal(((updates[0].body as IDataObject).file_paths as string[]).length, 51);
		assert.deepEqual(emulator.world.audience(audienceId)?.members, digestsOf(50_500, 1000));
	});

	it('refuses, before uploading, members of another type than the audience', async () => {
		const items = contacts(1200).map((contact, index) => ({
			...contact,
			phone: `+1555${String(1_000_000 + index)}`,
		}));
		const created = await runTikTok(
			emulator,
			createFromItems(US, 'E-mail and phone', {
				identifierFields: { emailField: 'email', phoneField: 'phone' },
			}),
			{ items },
		);
		assert.equal(created.json[0].calculateType, 'MULTIPLE_TYPES');
		const uploadsBefore = calls(emulator, '/dmp/custom_audience/file/upload/').length;
		const run = await runTikTok(
			emulator,
			updateFromItems(US, String(created.json[0].audienceId), 'REMOVE'),
			{ items: contacts(3) },
		);
		assert.match(String(run.error?.message), /holds MULTIPLE_TYPES identifiers.*EMAIL_SHA256/);
		assert.match(String(run.error?.description), /Nothing was uploaded/);
		assert.equal(calls(emulator, '/dmp/custom_audience/file/upload/').length, uploadsBefore);
	});

	it('creates one audience per advertiser and name when they come from expressions', async () => {
		const items = [
			...contacts(3).map((contact) => ({ ...contact, segment: 'VIP' })),
			...contacts(2, 10).map((contact) => ({ ...contact, segment: 'Lapsed' })),
		];
		const run = await runTikTok(
			emulator,
			createFromItems(US, 'CRM contacts', {
				audienceName: '={{ "CRM " + $json.segment }}',
			}),
			{ items },
		);
		assert.equal(run.error, undefined);
		assert.deepEqual(
			run.json.map((result) => [result.audienceName, result.rowsUploaded]),
			[
				['CRM VIP', 3],
				['CRM Lapsed', 2],
			],
		);
		assert.deepEqual(run.output[1].pairedItem, [{ item: 3 }, { item: 4 }]);
	});

	it('fails clearly when no identifier field is set', async () => {
		const run = await runTikTok(
			emulator,
			createFromItems(US, 'CRM contacts', { identifierFields: {} }),
			{
				items: contacts(3),
			},
		);
		assert.ok(run.error);
		assert.match(run.error.message, /No identifier field is set/);
		assert.equal(emulator.requests.length, 0);
	});

	it('fails without uploading when every row is invalid', async () => {
		const run = await runTikTok(emulator, createFromItems(US, 'CRM contacts'), {
			items: [{ email: 'nope' }, { email: '' }],
		});
		assert.ok(run.error);
		assert.match(run.error.message, /No valid identifiers/);
		assert.match(String(run.error.description), /invalidEmail/);
		assert.equal(emulator.requests.length, 0);
	});

	describe('bad input', () => {
		it('non-text values and fractions are dropped as notText; whole-number phones are accepted', async () => {
			const run = await runTikTok(
				emulator,
				{
					resource: 'audience',
					operation: 'create',
					advertiserId: byId(US),
					audienceName: 'Mixed values',
					source: 'items',
					identifierFields: { phoneField: 'phone' },
				},
				{
					items: [
						{ phone: 14155550100 },
						{ phone: true },
						{ phone: ['+14155550101'] },
						{ phone: 4.5 },
						{ phone: '+1 415 555 0102' },
					],
				},
			);
			assert.equal(run.error, undefined);
			assert.equal(run.json[0].rowsUploaded, 2);
			assert.deepEqual(run.json[0].droppedByReason, { notText: 3 });
		});

		it('an invalid default country code', async () => {
			const run = await runTikTok(
				emulator,
				{
					resource: 'audience',
					operation: 'create',
					advertiserId: byId(US),
					audienceName: 'Bad country',
					source: 'items',
					identifierFields: { phoneField: 'phone' },
					options: { defaultCountryCode: 'UK' },
				},
				{ items: [{ phone: '020 7946 0958' }] },
			);
			assertNodeError(run, 0, /country/i, /Default Country Code/);
		});
	});

	describe('more files than one request takes', () => {
		// A list that needs more files than one request takes fails before any audience is created
		// or changed.

		it('fails a list that needs more than 500 files before creating anything', async () => {
			const run = await runTikTok(
				emulator,
				createFromItems(US, 'Too many files', { options: { rowsPerFile: 1 } }),
				{ items: people(520) },
			);
			assert.ok(run.error);
			assert.match(run.error.message, /needs more than 500 files; TikTok takes at most 500/);
			assert.match(String(run.error.description), /Rows per File.*The audience was not changed/);
			assert.equal(calls(emulator, '/dmp/custom_audience/create/').length, 0);
			assert.ok(uploads(emulator).length <= 500, `${uploads(emulator).length} uploads`);
			assert.equal(emulator.world.counters.audiencesCreated, 0);
		});

		it('fails a Replace that needs more than 500 files before changing the audience', async () => {
			const created = await runTikTok(emulator, createFromItems(US, 'Kept as it is'), {
				items: people(1000),
			});
			assert.equal(created.error, undefined);
			const audienceId = String(created.json[0].audienceId);
			const membersBefore = new Set(emulator.world.audience(audienceId)?.members);

			const run = await runTikTok(
				emulator,
				updateFromItems(US, audienceId, 'REPLACE', { options: { rowsPerFile: 1 } }),
				{ items: people(505, 5000) },
			);
			assert.ok(run.error);
			assert.match(run.error.message, /needs more than 500 files/);
			assert.equal(calls(emulator, '/dmp/custom_audience/update/').length, 0);
			assert.deepEqual(emulator.world.audience(audienceId)?.members, membersBefore);
		});
	});

	describe('uploads that keep failing', () => {
		it('reports which files went through when an upload keeps failing, and a rerun does not double', async () => {
			emulator.faults.add({
				path: STEP.upload,
				nth: 2,
				times: 100,
				kind: 'httpStatus',
				status: 503,
			});
			const failed = await createAudience(emulator, {}, emails(2500));
			assert.ok(failed.error);
			assert.match(
				failed.error.message,
				/Uploaded 1 of 3 files \(1000 of 2500 rows\): audience-1\.csv before audience-2\.csv failed; the audience was not changed\./,
			);
			assert.equal(emulator.world.counters.audiencesCreated, 0);

			emulator.faults.clear();
			const rerun = await createAudience(emulator, {}, emails(2500));
			assert.equal(rerun.error, undefined);
			const created = emulator.world
				.audiences(US)
				.filter((audience) => audience.name === 'Persistent');
			assert.equal(created.length, 1);
			assert.deepEqual(created[0].members, new Set(digests(2500)));
		});

		it('under Continue On Fail, reports the failed upload in the item and goes on', async () => {
			emulator.faults.add({ path: STEP.upload, nth: 2, times: 100, kind: 'code', code: 50000 });
			const run = await runTikTok(
				emulator,
				createFromItems(US, '={{ $json.list }}', { options: { ...FAULT_OPTIONS, maxAttempts: 2 } }),
				{
					items: [
						...emails(1000).map((item) => ({ ...item, list: 'First' })),
						...emails(1000, 5000).map((item) => ({ ...item, list: 'Second' })),
					],
					continueOnFail: true,
				},
			);
			assert.equal(run.error, undefined);
			assert.equal(run.json.length, 2);
			assert.equal(run.json[0].audienceName, 'First');
			assert.match(String(run.json[1].error), /code 50000/);
			assert.match(
				String(run.json[1].error),
				/Uploaded 0 of 1 files \(0 of 1000 rows\) before audience-1\.csv failed/,
			);
			assert.equal(run.json[1].code, 50000);
		});
	});
});
