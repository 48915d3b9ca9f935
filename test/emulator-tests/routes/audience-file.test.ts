import { useEmulator } from '../../support/emulator';
import { assert, describe, it } from '../../support/testing';
import type { Emulator } from '../../emulator/server';
import { EU, US, control, emailDigests, postApi, uploadDigests, uploadFile } from '../test-helpers';
import { md5Hex } from '../../emulator/world';

const [first, second, third] = emailDigests(3);

describe('emulator: customer file upload', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	it('stores a single-type file and returns a 16-character file_path', async () => {
		const content = `${first}\n${second}\n${first}\n`;
		const reply = await uploadFile(emulator, { content, fields: { name: 'June list' } });
		assert.equal(reply.code, 0, reply.message);
		const filePath = reply.data.file_path;
		assert.match(filePath, /^[0-9a-f]{16}$/);
		const stored = emulator.world.file(filePath);
		assert.ok(stored);
		assert.equal(stored.advertiserId, US);
		assert.equal(stored.calculateType, 'EMAIL_SHA256');
		assert.equal(stored.name, 'June list');
		assert.equal(stored.rows, 3);
		assert.deepEqual([...stored.digests].sort(), [first, second].sort());
		assert.equal(stored.md5, md5Hex(content));
		assert.equal(emulator.world.counters.filesUploaded, 1);
		const recorded = emulator.requests.at(-1)?.body as Record<string, unknown>;
		assert.deepEqual(recorded.file, {
			name: 'audience.csv',
			size: content.length,
			md5: md5Hex(content),
		});
	});

	it('the file name must end in exactly .csv or .txt: 40908', async () => {
		for (const fileName of ['audience.xlsx', 'audience.CSV', 'audience.csv.gz', 'audience']) {
			const reply = await uploadFile(emulator, { content: `${first}\n`, fileName });
			assert.equal(reply.code, 40908, fileName);
		}
		const txt = await uploadFile(emulator, { content: `${first}\n`, fileName: 'audience.txt' });
		assert.equal(txt.code, 0);
	});

	it('an empty file, or one with only a header: 40906', async () => {
		const empty = await uploadFile(emulator, { content: '' });
		assert.equal(empty.code, 40906);
		const headerOnly = await uploadFile(emulator, { content: 'EMAIL_SHA256\n' });
		assert.equal(headerOnly.code, 40906);
	});

	it('a file_signature that is not the MD5 of the bytes: 40900', async () => {
		const reply = await uploadFile(emulator, {
			content: `${first}\n`,
			signature: md5Hex('something else'),
		});
		assert.equal(reply.code, 40900);
		const upperCase = await uploadFile(emulator, {
			content: `${first}\n`,
			signature: md5Hex(`${first}\n`).toUpperCase(),
		});
		assert.equal(upperCase.code, 0);
	});

	it('a missing file part or a file sent as a text field: 40002', async () => {
		const missing = await uploadFile(emulator, { content: 'x', omit: ['file'] });
		assert.equal(missing.message, 'file: is required');
		const asText = await uploadFile(emulator, {
			content: 'x',
			omit: ['file'],
			fields: { file: first },
		});
		assert.match(asText.message, /^file: must be a file part/);
	});

	it('rejects raw values, upper-case hex and wrong lengths, naming the first bad line', async () => {
		const cases: Array<[string, RegExp]> = [
			[
				`${first}\nalice@example.com\n`,
				/^file: line 2: "alice@example.com" is not a lower-case hex SHA-256/,
			],
			[`${first}\n${second.toUpperCase()}\n`, /^file: line 2: /],
			[`${first}\n${second}\n${md5Hex('x')}\n`, /^file: line 3: /],
			[`alice@example.com\n${first}\n`, /^file: line 1: "alice@example.com" is neither/],
		];
		for (const [content, expected] of cases) {
			const reply = await uploadFile(emulator, { content });
			assert.equal(reply.code, 40002, content);
			assert.match(reply.message, expected);
		}
		assert.equal(emulator.world.files.length, 0);
	});

	it('MD5 types take 32-character digests', async () => {
		const maid = md5Hex('38400000-8cf0-11bd-b23e-10b96e40000d');
		const ok = await uploadFile(emulator, { content: `${maid}\n`, calculateType: 'MAID_MD5' });
		assert.equal(ok.code, 0);
		const wrong = await uploadFile(emulator, { content: `${first}\n`, calculateType: 'GAID_MD5' });
		assert.equal(wrong.code, 40002);
		assert.match(wrong.message, /MD5 digest \(32 characters\)/);
	});

	it('an optional header row, case-insensitive, with CRLF line ends', async () => {
		const reply = await uploadFile(emulator, {
			content: `email_sha256\r\n${first}\r\n${second}\r\n`,
		});
		assert.equal(reply.code, 0, reply.message);
		const stored = emulator.world.file(reply.data.file_path);
		assert.equal(stored?.hasHeader, true);
		assert.equal(stored?.rows, 2);
		const mismatch = await uploadFile(emulator, { content: `PHONE_SHA256\n${first}\n` });
		assert.equal(mismatch.code, 40002);
		assert.match(
			mismatch.message,
			/header PHONE_SHA256 does not match calculate_type EMAIL_SHA256/,
		);
	});

	it('MULTIPLE_TYPES: a header naming each column (up to 3 of a type), empty cells allowed', async () => {
		const phone = emailDigests(1, 'phone')[0];
		const maid = md5Hex('device-1');
		const content = [
			'EMAIL_SHA256,EMAIL_SHA256,PHONE_SHA256,MAID_MD5',
			`${first},${second},${phone},${maid}`,
			`${third},,,`,
			`,,${phone},`,
		].join('\n');
		const reply = await uploadFile(emulator, { content, calculateType: 'MULTIPLE_TYPES' });
		assert.equal(reply.code, 0, reply.message);
		const stored = emulator.world.file(reply.data.file_path);
		assert.equal(stored?.rows, 3);
		assert.deepEqual(stored?.columns, ['EMAIL_SHA256', 'EMAIL_SHA256', 'PHONE_SHA256', 'MAID_MD5']);
		assert.equal(stored?.digests.size, 5);

		const fourTimes = await uploadFile(emulator, {
			content: `EMAIL_SHA256,EMAIL_SHA256,EMAIL_SHA256,EMAIL_SHA256\n${first},,,\n`,
			calculateType: 'MULTIPLE_TYPES',
		});
		assert.equal(fourTimes.code, 40002);
		assert.match(fourTimes.message, /appears 4 times/);
		const noHeader = await uploadFile(emulator, {
			content: `${first},${second}\n`,
			calculateType: 'MULTIPLE_TYPES',
		});
		assert.match(noHeader.message, /must start with a header row/);
		const wrongCell = await uploadFile(emulator, {
			content: `EMAIL_SHA256,MAID_MD5\n${first},${first}\n`,
			calculateType: 'MULTIPLE_TYPES',
		});
		assert.match(wrongCell.message, /^file: line 2: column 2 \(MAID_MD5\)/);
		const tooManyCells = await uploadFile(emulator, {
			content: `EMAIL_SHA256\n${first},${second}\n`,
			calculateType: 'MULTIPLE_TYPES',
		});
		assert.match(tooManyCells.message, /^file: line 2: has 2 cells/);
	});

	it('parses a 100,000-row file', async () => {
		// Distinct lower-case hex strings of SHA-256 length; cheaper to make than real digests.
		const digests = Array.from({ length: 100_000 }, (_, index) =>
			index.toString(16).padStart(64, '0'),
		);
		const content = `EMAIL_SHA256\n${digests.join('\n')}\n`;
		const reply = await uploadFile(emulator, { content });
		assert.equal(reply.code, 0, reply.message);
		assert.equal(emulator.world.file(reply.data.file_path)?.digests.size, 100_000);
	});

	it('a file can only be used by the advertiser that uploaded it', async () => {
		const reply = await uploadFile(emulator, { content: `${first}\n`, advertiserId: EU });
		const create = await postApi(emulator, '/dmp/custom_audience/create/', {
			advertiser_id: US,
			custom_audience_name: 'Borrowed file',
			file_paths: [reply.data.file_path],
			calculate_type: 'EMAIL_SHA256',
		});
		assert.equal(create.code, 40002);
		assert.match(
			create.message,
			/^file_paths\[0\]: file [0-9a-f]{16} does not exist or was not uploaded by advertiser/,
		);
	});
});

describe('emulator: spec rules a client can break', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

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
});
