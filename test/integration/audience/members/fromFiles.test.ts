/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling runs in Node and never ships in the package */
import { setTimeout as sleep } from 'node:timers/promises';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../../../emulator';
import { binaryDataService, storedItem, watchStoredStreams } from '../../../support/binaryStore';
import { useEmulator } from '../../../support/emulator';
import { digestsOf, sha256 } from '../../../support/items';
import { assertNodeError, UPLOAD, uploads, US } from '../../../support/operations';
import { assert, describe, it } from '../../../support/testing';
import { AUDIENCES, byId, runTikTok } from '../../../support/tiktok';

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

function binaryItem(
	content: Buffer | string,
	fileName: string,
	field = 'data',
): INodeExecutionData {
	return {
		json: {},
		binary: {
			[field]: {
				data: Buffer.from(content).toString('base64'),
				mimeType: 'text/csv',
				fileName,
			},
		},
	};
}

describe('Audience members from customer files', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	const createFromFile = (fileIdentifierType: string, extra: IDataObject = {}) => ({
		resource: 'audience',
		operation: 'create',
		advertiserId: byId(US),
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
				advertiserId: byId(US),
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

	describe('bad input', () => {
		it('a missing file', async () => {
			const run = await runTikTok(emulator, createFromFile('email'), { items: [{ json: {} }] });
			assertNodeError(run, 0, /no file in "data"/, /carries no file/);
		});

		it('a file under another field name', async () => {
			const run = await runTikTok(emulator, createFromFile('email'), {
				items: [binaryItem('a@x.example', 'contacts.csv', 'attachment')],
			});
			assertNodeError(
				run,
				0,
				/no file in "data"/,
				/files in: attachment\. Set "Input Data Field Name"/,
			);
		});

		it('a spreadsheet instead of a CSV file', async () => {
			const run = await runTikTok(emulator, createFromFile('email'), {
				items: [binaryItem('PK\u0003\u0004 rest of a zip', 'contacts.xlsx')],
			});
			assertNodeError(
				run,
				0,
				/"contacts\.xlsx" is not a CSV or TXT file/,
				/Export the list as CSV/,
			);
		});

		it('binary content in a file named .csv', async () => {
			const run = await runTikTok(emulator, createFromFile('email'), {
				items: [binaryItem('%PDF-1.7 \u0000\u0001', 'contacts.csv')],
			});
			assertNodeError(run, 0, /is not a text file/, /converted to CSV/);
		});

		it('an empty file', async () => {
			const run = await runTikTok(emulator, createFromFile('email'), {
				items: [binaryItem('', 'empty.csv')],
			});
			assertNodeError(run, 0, /is empty/, /no rows/);
			assert.equal(emulator.requests.length, 0);
		});

		it('a multi-type file without a header row', async () => {
			const run = await runTikTok(emulator, createFromFile('multiple'), {
				items: [binaryItem('a@x.example,+14155550100', 'contacts.csv')],
			});
			assertNodeError(run, 0, /could not be read/, /first row must name each column/);
		});

		it('oversized rows are dropped and counted, the rest uploaded', async () => {
			const huge = `${'x'.repeat(600)}@example.com`;
			const run = await runTikTok(emulator, createFromFile('email'), {
				items: [binaryItem(`ok@example.com\n${huge}\nfine@example.com\n`, 'contacts.csv')],
			});
			assert.equal(run.error, undefined);
			assert.equal(run.json[0].rowsUploaded, 2);
			assert.deepEqual(run.json[0].droppedByReason, { tooLong: 1 });
		});
	});

	describe('uploaded as they are built', () => {
		// Each customer file is uploaded while the next is built.

		/** 60,000 rows of 134 bytes (~8 MB, read in 1 MB chunks); 5,000 rows a file make 12 files. */
		const ROWS = 60_000;
		const ROWS_PER_FILE = 5000;

		/** The stored file: an e-mail column and a padding column the node ignores. */
		function paddedContacts(): Buffer {
			const lines = ['Email,notes'];
			for (let row = 0; row < ROWS; row++)
				lines.push(`person${row}@example.com,${'x'.repeat(110)}`);
			return Buffer.from(lines.join('\n'));
		}

		async function createFromStoredFile(
			emulator: Emulator,
			audienceName: string,
			item: INodeExecutionData,
		) {
			return await runTikTok(
				emulator,
				{
					resource: 'audience',
					operation: 'create',
					advertiserId: byId(US),
					audienceName,
					source: 'file',
					inputDataFieldName: 'data',
					fileIdentifierType: 'email',
					options: { rowsPerFile: ROWS_PER_FILE },
				},
				{ items: [item] },
			);
		}

		it('uploads the first file while the rest of the stored file is still unread', async () => {
			const bytes = paddedContacts();
			const item = await storedItem(bytes, 'pipeline-test');

			// After 3 MB the stream waits (up to 10 s) until TikTok has seen an upload: a node that
			// uploads only once the whole file is read never sends one meanwhile.
			let bytesRead = 0;
			let uploadsWhileReading = -1;
			let bytesReadAtFirstUpload = 0;
			const restore = await watchStoredStreams(async (chunk) => {
				bytesRead += chunk.length;
				if (uploadsWhileReading === -1 && bytesRead > 3_000_000) {
					for (let waited = 0; waited < 10_000 && uploads(emulator).length === 0; ) {
						await sleep(20);
						waited += 20;
					}
					uploadsWhileReading = uploads(emulator).length;
					bytesReadAtFirstUpload = bytesRead;
				}
			});
			try {
				const run = await createFromStoredFile(emulator, 'Pipelined', item);
				assert.equal(run.error, undefined, run.error?.message);
				assert.equal(run.json[0].rowsUploaded, ROWS);
				assert.equal((run.json[0].files as unknown[]).length, 12);
			} finally {
				restore();
			}
			assert.ok(uploadsWhileReading >= 1, `${uploadsWhileReading} uploads while reading`);
			assert.ok(bytesReadAtFirstUpload < bytes.length, `${bytesReadAtFirstUpload} bytes read`);
			assert.equal(bytesRead, bytes.length);
			assert.equal(uploads(emulator).length, 12);
		});

		it('reads no further ahead of slow uploads than the file in flight and one more', async () => {
			const bytes = paddedContacts();
			const item = await storedItem(bytes, 'pipeline-test');
			emulator.faults.add({ path: UPLOAD, kind: 'delay', ms: 150 });

			// Before each chunk is handed over: F files are complete, at most one waiting behind the
			// one in flight, so TikTok has received at least F - 1 uploads; and a file is at most
			// 5,000 rows of 134 bytes, with one more file of slack for the chunk being split.
			const bytesPerFile = ROWS_PER_FILE * 134;
			const behind: string[] = [];
			let bytesRead = 0;
			const restore = await watchStoredStreams((chunk) => {
				const received = uploads(emulator).length;
				if (received < Math.floor(bytesRead / bytesPerFile) - 3) {
					behind.push(`${bytesRead} bytes read, ${received} uploads`);
				}
				bytesRead += chunk.length;
			});
			try {
				const run = await createFromStoredFile(emulator, 'Paced', item);
				assert.equal(run.error, undefined, run.error?.message);
				assert.equal(run.json[0].rowsUploaded, ROWS);
			} finally {
				restore();
			}
			assert.equal(bytesRead, bytes.length);
			assert.deepEqual(behind, []);
		});
	});

	describe('in the filesystem binary store', () => {
		// A customer file kept in n8n's filesystem binary store is read as a stream: the node asks the
		// store for a stream and never for the whole file as one buffer.

		// ~20 MB in ~150,000 rows: a padding column the node ignores keeps hashing cheap, so the test
		// exercises the reading of a large file in well under ten seconds.
		const ROWS = 150_000;
		const PADDING = 'x'.repeat(120);

		function customerFile(): { bytes: Buffer; members: Set<string> } {
			const members = new Set<string>();
			const lines = ['\ufeffnotes,Email'];
			for (let row = 0; row < ROWS; row++) {
				const email = `Person${row % 140_000}@Example.com`;
				lines.push(`${PADDING},"  ${email} "`);
				members.add(sha256(email.toLowerCase()));
			}
			lines.push(`${PADDING},not-an-email`, '', '');
			return { bytes: Buffer.from(lines.join('\r\n')), members };
		}

		it('creates an audience from a 20 MB file read as a stream, never as one buffer', async () => {
			const { bytes, members } = customerFile();
			assert.ok(bytes.length > 20_000_000, `${bytes.length} bytes`);
			const item = await storedItem(bytes, 'streaming-test');
			assert.match(String(item.binary?.data.id), /^filesystem/);

			const service = await binaryDataService();
			const asBuffer = service.getAsBuffer.bind(service);
			const asStream = service.getAsStream.bind(service);
			let buffers = 0;
			let streams = 0;
			service.getAsBuffer = async (...args) => {
				buffers++;
				return await asBuffer(...args);
			};
			service.getAsStream = async (...args) => {
				streams++;
				return await asStream(...args);
			};
			try {
				const run = await runTikTok(
					emulator,
					{
						resource: 'audience',
						operation: 'create',
						advertiserId: byId(US),
						audienceName: 'Streamed',
						source: 'file',
						inputDataFieldName: 'data',
						fileIdentifierType: 'email',
					},
					{ items: [item] },
				);
				assert.equal(run.error, undefined);
				const result = run.json[0];
				assert.equal(result.rowsReceived, ROWS + 1);
				assert.equal(result.rowsUploaded, members.size);
				assert.deepEqual(result.droppedByReason, {
					duplicate: ROWS - members.size,
					invalidEmail: 1,
				});
				assert.deepEqual(emulator.world.audience(String(result.audienceId))?.members, members);
			} finally {
				service.getAsBuffer = asBuffer;
				service.getAsStream = asStream;
			}
			assert.equal(streams, 1);
			assert.equal(buffers, 0);
		});
	});
});

describe('Audience members from customer files: exports as people have them', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	const create = (fileIdentifierType: string, extra: IDataObject = {}) =>
		({
			resource: 'audience',
			operation: 'create',
			advertiserId: byId(US),
			audienceName: 'Export',
			source: 'file',
			inputDataFieldName: 'data',
			fileIdentifierType,
			...extra,
		}) as INodeParameters;
	const people = (count: number) =>
		Array.from({ length: count }, (_, index) => `p${index}@example.com`);
	const digestOfEach = (emails: string[]) => new Set(emails.map(sha256));
	const members = () =>
		emulator.world.audiences(US).find((audience) => audience.name === 'Export')?.members;

	it('a quoted field with line breaks is one field of one row: nobody in a note becomes a member', async () => {
		const rows = people(3).map(
			(email, index) => `${email},"cc:\nb${index}@third-party.example\n","Smith, John\nline two"`,
		);
		const run = await runTikTok(emulator, create('email'), {
			items: [fileItem(`EMAIL,NOTES,NAME\r\n${rows.join('\r\n')}\r\n`)],
		});
		assert.equal(run.error, undefined, run.error?.message);
		assert.equal(run.json[0].rowsReceived, 3);
		assert.deepEqual(members(), digestOfEach(people(3)));
	});

	for (const [label, delimiter] of [
		['semicolon (Excel in a European locale)', ';'],
		['tab', '\t'],
	]) {
		it(`detects a ${label} export from its header and reads the e-mail column only`, async () => {
			const rows = people(4).map((email) => `${email}${delimiter}John Smith`);
			const run = await runTikTok(emulator, create('email'), {
				items: [fileItem(`Email${delimiter}Name\n${rows.join('\n')}\n`)],
			});
			assert.equal(run.error, undefined, run.error?.message);
			assert.equal(run.json[0].rowsUploaded, 4);
			assert.deepEqual(members(), digestOfEach(people(4)));
		});
	}

	it('First,Last,Email is an e-mail file, not MULTIPLE_TYPES with a mobile-ID column', async () => {
		const rows = people(3).map((email) => `Jane,Doe,${email}`);
		const run = await runTikTok(emulator, create('multiple'), {
			items: [fileItem(`First,Last,Email\n${rows.join('\n')}\n`)],
		});
		assert.equal(run.error, undefined, run.error?.message);
		assert.equal(run.json[0].calculateType, 'EMAIL_SHA256');
		assert.deepEqual(members(), digestOfEach(people(3)));
	});

	it('a headerless tab-separated TXT counts every joined value as invalidEmail, hashing none', async () => {
		const run = await runTikTok(emulator, create('email'), {
			items: [fileItem('a@x.com\tJohn Smith\nb@x.com\tJane Doe\n', 'contacts.txt')],
		});
		assert.match(String(run.error?.message), /No valid identifiers/);
		assert.match(String(run.error?.description), /"invalidEmail":2/);
		assert.match(String(run.error?.description), /"Identifier Type"/);
		assert.match(String(run.error?.description), /"Delimiter"/);
		assert.doesNotMatch(String(run.error?.description), /Identifier Fields/);
		assert.equal(uploads(emulator).length, 0);
	});

	it('the same file with Delimiter: Tab reads its first column', async () => {
		const run = await runTikTok(emulator, create('email', { delimiter: 'tab' }), {
			items: [fileItem('a@x.com\tJohn Smith\nb@x.com\tJane Doe\n', 'contacts.txt')],
		});
		assert.equal(run.error, undefined, run.error?.message);
		assert.deepEqual(members(), new Set([sha256('a@x.com'), sha256('b@x.com')]));
	});

	it('John <a@x.com>, mailto: and commented addresses are dropped and counted, not hashed', async () => {
		const run = await runTikTok(emulator, create('email'), {
			items: [
				fileItem(
					`EMAIL\n"John <a@x.com>"\nmailto:b@x.com\nc@x.com (work)\n${people(2).join('\n')}\n`,
				),
			],
		});
		assert.equal(run.error, undefined, run.error?.message);
		assert.deepEqual(run.json[0].droppedByReason, { invalidEmail: 3 });
		assert.deepEqual(members(), digestOfEach(people(2)));
	});

	it('a quote left open stops the run before anything is created, naming the line', async () => {
		const run = await runTikTok(emulator, create('email'), {
			items: [fileItem(`EMAIL,NOTES\n${people(2).join(',ok\n')},"never closed\nx@y.com\n`)],
		});
		assert.match(String(run.error?.message), /could not be read/);
		assert.match(String(run.error?.message), /line 3/);
		assert.equal(
			emulator.requests.filter((request) => request.path.endsWith('/create/')).length,
			0,
		);
	});

	it('Create or Update joins the files of items that name the same audience', async () => {
		const upsert = {
			...create('email'),
			operation: 'upsert',
			audienceName: 'Export',
		} as INodeParameters;
		const first = people(6).slice(0, 3);
		const second = people(6).slice(3);
		const run = await runTikTok(emulator, upsert, {
			items: [
				fileItem(`EMAIL\n${first.join('\n')}\n`),
				fileItem(`EMAIL\n${second.join('\n')}\n${first[0]}\n`),
			],
		});
		assert.equal(run.error, undefined, run.error?.message);
		assert.equal(run.json.length, 1);
		assert.equal(run.json[0].rowsReceived, 7);
		assert.deepEqual(run.json[0].droppedByReason, { duplicate: 1 });
		assert.deepEqual(members(), digestOfEach(people(6)));
	});

	it('Update with Replace joins the files of items that name one audience: neither replaces the other', async () => {
		const update = {
			...create('email'),
			operation: 'update',
			audienceId: byId(AUDIENCES.newsletter.id),
			membersAction: 'REPLACE',
		} as INodeParameters;
		const first = people(600).slice(0, 600);
		const second = people(1200).slice(600);
		const run = await runTikTok(emulator, update, {
			items: [fileItem(`EMAIL\n${first.join('\n')}\n`), fileItem(`EMAIL\n${second.join('\n')}\n`)],
		});
		assert.equal(run.error, undefined, run.error?.message);
		assert.equal(run.json.length, 1);
		assert.equal(
			emulator.requests.filter((request) => request.path.endsWith('/update/')).length,
			1,
		);
		assert.deepEqual(
			emulator.world.audience(AUDIENCES.newsletter.id)?.members,
			digestOfEach(people(1200)),
		);
	});

	it('Create or Update refuses files of one audience whose columns differ, before any change', async () => {
		const upsert = { ...create('multiple'), operation: 'upsert' } as INodeParameters;
		const run = await runTikTok(emulator, upsert, {
			items: [
				fileItem(`EMAIL\n${people(2).join('\n')}\n`),
				fileItem('EMAIL,PHONE\nq@x.com,+15551234567\n'),
			],
		});
		assert.match(String(run.error?.message), /has other columns \(EMAIL, PHONE\) than/);
		assert.equal(
			emulator.requests.filter((request) => request.path.endsWith('/create/')).length,
			0,
		);
	});
});
