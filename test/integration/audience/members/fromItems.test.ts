import { createHash } from 'crypto';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Emulator } from '../emulator';
import { useEmulator } from '../support/emulator';
import { assert, describe, it } from '../support/testing';
import {
	ADVERTISERS,
	AUDIENCES,
	byId,
	createFromItems,
	runTikTok,
	updateFromItems,
} from '../support/tiktok';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const ADVERTISER = ADVERTISERS.acmeShoesUs.id;

function contacts(count: number, first = 0): IDataObject[] {
	return Array.from({ length: count }, (_, index) => ({
		email: `  Contact${first + index}@Example.COM `,
	}));
}

function digestsOf(count: number, first = 0): Set<string> {
	return new Set(
		Array.from({ length: count }, (_, index) => sha256(`contact${first + index}@example.com`)),
	);
}

function calls(emulator: Emulator, path: string) {
	return emulator.requests.filter((request) => request.path === `/open_api/v1.3${path}`);
}

function fileItem(content: string, fileName = 'contacts.csv'): INodeExecutionData {
	return {
		json: {},
		binary: {
			data: {
				data: Buffer.from(content).toString('base64'),
				mimeType: 'text/csv',
				fileName,
			},
		},
	};
}

describe('Audience members from workflow items', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	it('turns 2,500 items into one upload of 2,500 distinct digests and one create', async () => {
		const run = await runTikTok(emulator, createFromItems(ADVERTISER, 'CRM contacts'), {
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
		const created = await runTikTok(emulator, createFromItems(ADVERTISER, 'CRM contacts'), {
			items: contacts(2500),
		});
		const audienceId = String(created.json[0].audienceId);
		const run = await runTikTok(emulator, updateFromItems(ADVERTISER, audienceId, 'REPLACE'), {
			items: contacts(2500),
		});
		assert.equal(run.error, undefined);
		assert.equal(run.json[0].action, 'REPLACE');
		assert.deepEqual(emulator.world.audience(audienceId)?.members, digestsOf(2500));
		const update = calls(emulator, '/dmp/custom_audience/update/').at(-1);
		assert.equal((update?.body as IDataObject).action, 'REPLACE');
	});

	it('round-trips Add then Remove back to the original members', async () => {
		const created = await runTikTok(emulator, createFromItems(ADVERTISER, 'CRM contacts'), {
			items: contacts(2500),
		});
		const audienceId = String(created.json[0].audienceId);

		const added = await runTikTok(emulator, updateFromItems(ADVERTISER, audienceId, 'APPEND'), {
			items: contacts(700, 2300),
		});
		assert.equal(added.error, undefined);
		assert.equal(emulator.world.audience(audienceId)?.members.size, 3000);

		const removed = await runTikTok(emulator, updateFromItems(ADVERTISER, audienceId, 'REMOVE'), {
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
		const run = await runTikTok(emulator, createFromItems(ADVERTISER, 'CRM contacts'), { items });
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
			createFromItems(ADVERTISER, 'CRM contacts', { options: { removeDuplicates: false } }),
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
			createFromItems(ADVERTISER, 'CRM contacts', {
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
			createFromItems(ADVERTISER, 'CRM contacts', {
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
			createFromItems(ADVERTISER, 'CRM contacts', { options: { rowsPerFile: 1000 } }),
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
			createFromItems(ADVERTISER, 'CRM contacts', { options: { rowsPerFile: 1000 } }),
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
		const created = await runTikTok(emulator, createFromItems(ADVERTISER, 'CRM contacts'), {
			items: contacts(2000),
		});
		const audienceId = String(created.json[0].audienceId);
		const run = await runTikTok(
			emulator,
			updateFromItems(ADVERTISER, audienceId, 'REPLACE', { options: { rowsPerFile: 1000 } }),
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
			createFromItems(ADVERTISER, 'E-mail and phone', {
				identifierFields: { emailField: 'email', phoneField: 'phone' },
			}),
			{ items },
		);
		assert.equal(created.json[0].calculateType, 'MULTIPLE_TYPES');
		const uploadsBefore = calls(emulator, '/dmp/custom_audience/file/upload/').length;
		const run = await runTikTok(
			emulator,
			updateFromItems(ADVERTISER, String(created.json[0].audienceId), 'REMOVE'),
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
			createFromItems(ADVERTISER, 'CRM contacts', {
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
			createFromItems(ADVERTISER, 'CRM contacts', { identifierFields: {} }),
			{
				items: contacts(3),
			},
		);
		assert.ok(run.error);
		assert.match(run.error.message, /No identifier field is set/);
		assert.equal(emulator.requests.length, 0);
	});

	it('fails without uploading when every row is invalid', async () => {
		const run = await runTikTok(emulator, createFromItems(ADVERTISER, 'CRM contacts'), {
			items: [{ email: 'nope' }, { email: '' }],
		});
		assert.ok(run.error);
		assert.match(run.error.message, /No valid identifiers/);
		assert.match(String(run.error.description), /invalidEmail/);
		assert.equal(emulator.requests.length, 0);
	});
});

describe('Audience members from customer files', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	const createFromFile = (fileIdentifierType: string, extra: IDataObject = {}) => ({
		resource: 'audience',
		operation: 'create',
		advertiserId: byId(ADVERTISER),
		audienceName: 'From file',
		source: 'file',
		inputDataFieldName: 'data',
		fileIdentifierType,
		...extra,
	});

	it('hashes a file of raw e-mails with a header row', async () => {
		const csv = `Email\r\n${['A@x.example', ' b@x.example', 'bad', 'a@x.example'].join('\r\n')}\r\n`;
		const run = await runTikTok(emulator, createFromFile('email'), { items: [fileItem(csv)] });
		assert.equal(run.error, undefined);
		const result = run.json[0];
		assert.equal(result.rowsUploaded, 2);
		assert.deepEqual(result.droppedByReason, { invalidEmail: 1, duplicate: 1 });
		assert.deepEqual(
			emulator.world.audience(String(result.audienceId))?.members,
			new Set([sha256('a@x.example'), sha256('b@x.example')]),
		);
	});

	it('keeps a file of digests as they are', async () => {
		const digests = [...digestsOf(5)];
		const run = await runTikTok(emulator, createFromFile('email'), {
			items: [fileItem(digests.map((digest) => digest.toUpperCase()).join('\n'), 'list.txt')],
		});
		assert.equal(run.error, undefined);
		assert.deepEqual(
			emulator.world.audience(String(run.json[0].audienceId))?.members,
			new Set(digests),
		);
	});

	it('reads a multi-type file by its header', async () => {
		const csv = 'EMAIL,PHONE\nana@example.com,+14155550100\n,+442079460958\n';
		const run = await runTikTok(emulator, createFromFile('multiple'), { items: [fileItem(csv)] });
		assert.equal(run.error, undefined);
		assert.equal(run.json[0].calculateType, 'MULTIPLE_TYPES');
		assert.equal(run.json[0].rowsUploaded, 2);
	});

	it('creates one audience per item that carries a file', async () => {
		const run = await runTikTok(
			emulator,
			createFromFile('email', { audienceName: '={{ $json.name }}' }),
			{
				items: [
					{ ...fileItem('a@x.example\nb@x.example'), json: { name: 'First' } },
					{ ...fileItem('c@x.example'), json: { name: 'Second' } },
				],
			},
		);
		assert.equal(run.error, undefined);
		assert.deepEqual(
			run.json.map((result) => [result.audienceName, result.rowsUploaded]),
			[
				['First', 2],
				['Second', 1],
			],
		);
		assert.deepEqual(
			run.output.map((item) => item.pairedItem),
			[{ item: 0 }, { item: 1 }],
		);
	});

	it('updates members from a file', async () => {
		const run = await runTikTok(
			emulator,
			{
				resource: 'audience',
				operation: 'update',
				advertiserId: byId(ADVERTISER),
				audienceId: byId(AUDIENCES.newsletter.id),
				membersAction: 'APPEND',
				source: 'file',
				inputDataFieldName: 'data',
				fileIdentifierType: 'email',
			},
			{ items: [fileItem('new.person@example.com\n')] },
		);
		assert.equal(run.error, undefined);
		assert.equal(emulator.world.audience(AUDIENCES.newsletter.id)?.members.size, 1501);
	});
});
