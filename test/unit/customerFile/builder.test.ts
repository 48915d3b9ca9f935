// Properties of the customer files the builder writes, whatever identifiers it is given.
import { createHash } from 'crypto';
import fc from 'fast-check';

import {
	CustomerFileBuilder,
	TooManyFilesError,
} from '../../../nodes/TikTokForBusiness/customerFile/builder';
import type { CustomerFile } from '../../../nodes/TikTokForBusiness/customerFile/storedFile';
import { hashAlgorithmFor } from '../../../nodes/TikTokForBusiness/customerFile/identifiers';
import type {
	HashAlgorithm,
	IdentifierType,
} from '../../../nodes/TikTokForBusiness/customerFile/types';
import {
	anyOptions,
	anyType,
	hex,
	internationalPhone,
	mobileType,
	validEmail,
	whitespace,
	writtenId,
} from '../../support/identifierArbitraries';
import { buildFiles, fileLines } from '../../support/customerFile';
import { assert, describe, it } from '../../support/testing';

const digestOf = (algorithm: HashAlgorithm, value: string) =>
	createHash(algorithm).update(value).digest('hex');

describe('property: customer files hold only digests', () => {
	it('writes only digests of the right length into customer files, and counts every row', () => {
		const cell = fc.oneof(
			fc.anything(),
			whitespace,
			fc.string({ unit: 'binary', maxLength: 20 }),
			validEmail,
			internationalPhone.map(({ value }) => value),
			fc.uuid(),
			hex(32),
			hex(64),
		);
		fc.assert(
			fc.property(
				fc.uniqueArray(anyType, { minLength: 1, maxLength: 5 }),
				anyOptions,
				fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 30 }),
				(types, options, rows) => {
					const builder = new CustomerFileBuilder({
						...options,
						types,
						rowsPerFile: 7,
						fileNamePrefix: 'p',
					});
					for (const row of rows) builder.addRow(row);
					const summary = builder.finish();
					const dropped = Object.values(summary.droppedByReason).reduce((sum, n) => sum + n, 0);
					assert.equal(summary.rowsReceived, rows.length);
					assert.equal(summary.rowsAccepted + dropped, rows.length);
					const lengths = types.map((type) =>
						hashAlgorithmFor(type, options) === 'md5' ? 32 : 64,
					);
					const emptyDigests = new Set([digestOf('sha256', ''), digestOf('md5', '')]);
					for (const file of summary.files) {
						const [, ...lines] = file.content.toString('latin1').slice(0, -1).split('\n');
						assert.equal(lines.length, file.rows);
						for (const line of lines) {
							const cells = line.split(',');
							assert.equal(cells.length, types.length);
							assert.ok(
								cells.some((digest) => digest !== ''),
								'a row has a digest',
							);
							cells.forEach((digest, column) => {
								if (digest === '') return;
								assert.match(digest, new RegExp(`^[0-9a-f]{${lengths[column]}}$`));
								assert.ok(!emptyDigests.has(digest), 'an empty value was hashed');
							});
						}
					}
				},
			),
			{ numRuns: 300 },
		);
	});

	it('never writes a raw ID into a customer file', () => {
		fc.assert(
			fc.property(
				fc.uniqueArray(mobileType, { minLength: 1, maxLength: 3 }),
				fc.constantFrom<HashAlgorithm>('sha256', 'md5'),
				fc.array(writtenId, { minLength: 1, maxLength: 20 }),
				(types, mobileIdHash, ids) => {
					const builder = new CustomerFileBuilder({
						types,
						mobileIdHash,
						rowsPerFile: 100,
						fileNamePrefix: 'p',
					});
					for (const { value } of ids) builder.addRow(types.map(() => value));
					const content = builder
						.finish()
						.files.map((file) => file.content.toString('latin1'))
						.join('');
					for (const { id } of ids) {
						assert.ok(!content.includes(id.toLowerCase()));
						assert.ok(!content.includes(id.toLowerCase().replace(/-/g, '')));
					}
				},
			),
			{ numRuns: 300 },
		);
	});
});

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const md5 = (value: string | Buffer) => createHash('md5').update(value).digest('hex');

const IDFA = 'AEBE52E7-03EE-455A-B3C4-E57283966239';

describe('CustomerFileBuilder', () => {
	it('writes a header and one digest per accepted row, and counts the rest', () => {
		const jane = sha256('janedoe@gmail.com');
		const john = sha256('john@example.com');
		const summary = buildFiles({ types: ['email'] }, [
			['  JaneDoe@Gmail.com '],
			['john@example.com'],
			[''],
			[null],
			['not an email'],
			['JANEDOE@gmail.com'],
			[jane.toUpperCase()],
			[42],
			[sha256('x').slice(0, 32)],
			[],
		]);

		assert.equal(summary.calculateType, 'EMAIL_SHA256');
		assert.equal(summary.rowsReceived, 10);
		assert.equal(summary.rowsAccepted, 2);
		assert.equal(summary.rowsDropped, 8);
		assert.deepEqual(summary.droppedByReason, {
			blank: 3,
			invalidEmail: 1,
			duplicate: 2,
			notText: 1,
			wrongHashType: 1,
		});
		assert.deepEqual(summary.identifiersDropped, {});
		assert.equal(summary.files.length, 1);
		const [file] = summary.files;
		assert.equal(file.fileName, 'audience-1.csv');
		assert.equal(file.rows, 2);
		assert.equal(file.content.toString('utf8'), `EMAIL_SHA256\n${jane}\n${john}\n`);
		assert.equal(file.md5, md5(file.content));
	});

	it('hashes phones with the default country code and the + choice, without + by default', () => {
		const byDefault = buildFiles({ types: ['phone'], defaultCountryCode: '1' }, [
			['(657)777-0000'],
			['+1 657 777 0000'],
			[6577770000],
		]);
		assert.equal(byDefault.calculateType, 'PHONE_SHA256');
		assert.deepEqual(fileLines(byDefault.files[0].content), [
			'PHONE_SHA256',
			sha256('16577770000'),
		]);
		assert.deepEqual(byDefault.droppedByReason, { duplicate: 2 });

		const withPlus = buildFiles(
			{ types: ['phone'], defaultCountryCode: '+1', phoneIncludePlus: true },
			[['(657)777-0000'], [6577770000]],
		);
		assert.deepEqual(fileLines(withPlus.files[0].content), [
			'PHONE_SHA256',
			sha256('+16577770000'),
		]);
		assert.deepEqual(withPlus.droppedByReason, { duplicate: 1 });
	});

	it("writes TikTok's published phone and e-mail digests with the default options", () => {
		const summary = buildFiles({ types: ['email', 'phone'] }, [
			['JaneDoe@Gmail.com', '+37493828222'],
		]);
		assert.deepEqual(fileLines(summary.files[0].content), [
			'EMAIL_SHA256,PHONE_SHA256',
			'd6117306485ed0e50afab3ac871e98f81699151f30281527d63ff5f233656c69,' +
				'65b7e6dcf6f4310f8d7cbfbd78289a753062fb054d6664fb9aaac5df66a422d4',
		]);
	});

	it('counts e-mails that differ only by a +tag as duplicates', () => {
		const summary = buildFiles({ types: ['email'] }, [
			['jane@example.com'],
			['Jane+news@example.com'],
			['jane+shop@example.com'],
		]);
		assert.equal(summary.rowsAccepted, 1);
		assert.deepEqual(summary.droppedByReason, { duplicate: 2 });
	});

	it('hashes mobile IDs with MD5 when chosen and drops the all-zero ID', () => {
		const summary = buildFiles({ types: ['maid'], mobileIdHash: 'md5' }, [
			[IDFA],
			['00000000-0000-0000-0000-000000000000'],
			[sha256(IDFA.toLowerCase())],
		]);
		assert.equal(summary.calculateType, 'FIRST_MD5');
		assert.deepEqual(fileLines(summary.files[0].content), ['MAID_MD5', md5(IDFA.toLowerCase())]);
		assert.deepEqual(summary.droppedByReason, { invalidMobileId: 1, wrongHashType: 1 });
	});

	it('never writes a device ID given without hyphens as it is', () => {
		const id = IDFA.toLowerCase();
		const bareId = id.replace(/-/g, '');
		const summary = buildFiles({ types: ['idfa'], mobileIdHash: 'md5' }, [[bareId], [IDFA]]);
		assert.deepEqual(fileLines(summary.files[0].content), ['IDFA_MD5', md5(id)]);
		assert.deepEqual(summary.droppedByReason, { duplicate: 1 });
		assert.ok(!summary.files[0].content.includes(bareId));
	});

	it('keeps MD5 digests only in the columns declared to hold them', () => {
		const digest = md5('some device');
		const summary = buildFiles(
			{ types: ['maid', 'idfa'], mobileIdHash: 'md5', md5DigestColumns: [true, false] },
			[[digest, digest]],
		);
		assert.deepEqual(fileLines(summary.files[0].content), [
			'MAID_MD5,IDFA_MD5',
			`${digest},${md5(digest.replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-'))}`,
		]);
	});

	it('heads IDFA-only and GAID-only files with the type they are uploaded as', () => {
		const id = IDFA.toLowerCase();
		for (const [type, mobileIdHash, expected, digest] of [
			['idfa', 'sha256', 'IDFA_SHA256', sha256(id)],
			['idfa', 'md5', 'IDFA_MD5', md5(id)],
			['gaid', 'sha256', 'GAID_SHA256', sha256(id)],
			['gaid', 'md5', 'GAID_MD5', md5(id)],
		] as const) {
			const summary = buildFiles({ types: [type], mobileIdHash }, [[IDFA]]);
			assert.equal(summary.calculateType, expected);
			assert.deepEqual(fileLines(summary.files[0].content), [expected, digest]);
		}
	});

	it('heads each MULTIPLE_TYPES column with its own type', () => {
		const summary = buildFiles({ types: ['email', 'idfa', 'gaid', 'maid'], mobileIdHash: 'md5' }, [
			['jane@example.com', IDFA, IDFA, IDFA],
		]);
		assert.equal(summary.calculateType, 'MULTIPLE_TYPES');
		assert.equal(fileLines(summary.files[0].content)[0], 'EMAIL_SHA256,IDFA_MD5,GAID_MD5,MAID_MD5');
	});

	it('leaves cells of invalid identifiers empty in MULTIPLE_TYPES files', () => {
		const email = sha256('jane@example.com');
		const phone = sha256('442079460958');
		const maid = sha256(IDFA.toLowerCase());
		const summary = buildFiles({ types: ['email', 'phone', 'maid'], defaultCountryCode: '44' }, [
			['jane@example.com', '020 7946 0958', IDFA],
			['jane@example.com', 'call me', ''],
			['', '', IDFA],
			['bad@', '+1 800 FLOWERS', null],
			[undefined, undefined, undefined],
			['', '', ''],
			['JANE@example.com', 'nope', undefined],
			['jane@example.com', '+44 20 7946 0958', IDFA.toLowerCase()],
		]);

		assert.equal(summary.calculateType, 'MULTIPLE_TYPES');
		assert.deepEqual(fileLines(summary.files[0].content), [
			'EMAIL_SHA256,PHONE_SHA256,MAID_SHA256',
			`${email},${phone},${maid}`,
			`${email},,`,
			`,,${maid}`,
		]);
		assert.equal(summary.rowsReceived, 8);
		assert.equal(summary.rowsAccepted, 3);
		assert.equal(summary.rowsDropped, 5);
		assert.deepEqual(summary.droppedByReason, { invalidEmail: 1, blank: 2, duplicate: 2 });
		assert.deepEqual(summary.identifiersDropped, { invalidPhone: 1, blank: 3 });
	});

	it('starts a new file every rowsPerFile accepted rows, each with a header and its own MD5', () => {
		const emails = Array.from({ length: 7 }, (_, index) => `user${index}@example.com`);
		const summary = buildFiles({ types: ['email'], rowsPerFile: 3, fileNamePrefix: 'crm-sync' }, [
			...emails.slice(0, 4).map((email) => [email]),
			['invalid'],
			[emails[0]],
			...emails.slice(4).map((email) => [email]),
		]);

		assert.equal(summary.rowsAccepted, 7);
		assert.deepEqual(
			summary.files.map((file) => [file.fileName, file.rows]),
			[
				['crm-sync-1.csv', 3],
				['crm-sync-2.csv', 3],
				['crm-sync-3.csv', 1],
			],
		);
		const written = summary.files.flatMap((file) => {
			const [header, ...rows] = fileLines(file.content);
			assert.equal(header, 'EMAIL_SHA256');
			assert.equal(rows.length, file.rows);
			assert.equal(file.md5, md5(file.content));
			return rows;
		});
		assert.deepEqual(written, emails.map(sha256));
		assert.equal(new Set(summary.files.map((file) => file.md5)).size, 3);
	});

	it('does not write an empty file when the rows fill the last file exactly', () => {
		const summary = buildFiles(
			{ types: ['email'], rowsPerFile: 3 },
			Array.from({ length: 6 }, (_, index) => [`user${index}@example.com`]),
		);
		assert.deepEqual(
			summary.files.map((file) => file.rows),
			[3, 3],
		);
	});

	it('writes no file when no row is accepted', () => {
		const summary = buildFiles({ types: ['email'] }, [[''], ['nope']]);
		assert.deepEqual(summary.files, []);
		assert.equal(summary.rowsAccepted, 0);
		assert.equal(summary.rowsDropped, 2);
	});

	it('keeps rowsReceived equal to accepted plus dropped on a large build', () => {
		const builder = new CustomerFileBuilder({
			types: ['email', 'phone'],
			rowsPerFile: 10_000,
			fileNamePrefix: 'big',
			defaultCountryCode: '1',
		});
		const row = (index: number) => [
			`person${index}@example.com`,
			`(657) 5${String(index).padStart(6, '0')}`,
		];
		for (let index = 0; index < 25_000; index++) {
			// 22,000 distinct rows, then 3,000 repeats, with a blank row every 1,000.
			builder.addRow(row(index < 22_000 ? index : index - 22_000));
			if (index % 1000 === 0) builder.addRow(['', '  ']);
		}
		const summary = builder.finish();
		assert.equal(summary.rowsReceived, 25_025);
		assert.equal(summary.rowsAccepted, 22_000);
		assert.equal(summary.rowsDropped, 3_025);
		assert.deepEqual(summary.droppedByReason, { duplicate: 3_000, blank: 25 });
		assert.deepEqual(
			summary.files.map((file) => file.rows),
			[10_000, 10_000, 2_000],
		);
		for (const file of summary.files) {
			assert.equal(fileLines(file.content).length, file.rows + 1);
			assert.equal(file.md5, md5(file.content));
		}
		const lastLine = fileLines(summary.files[2].content)[2_000];
		assert.equal(lastLine, `${sha256('person21999@example.com')},${sha256('16575021999')}`);
	});

	it('keeps distinct rows whose digests share their first characters, and drops their repeats', () => {
		const shared = 'a'.repeat(12);
		const first = shared + 'b'.repeat(52);
		const second = shared + 'c'.repeat(52);
		const third = shared + 'd'.repeat(52);
		const summary = buildFiles({ types: ['email'] }, [
			[first],
			[second],
			[second],
			[first],
			[third],
			[third],
		]);
		assert.equal(summary.rowsAccepted, 3);
		assert.deepEqual(summary.droppedByReason, { duplicate: 3 });
		assert.deepEqual(fileLines(summary.files[0].content), ['EMAIL_SHA256', first, second, third]);
	});

	it('finds repeats across files and grows past the expected row count', () => {
		const emails = Array.from({ length: 50 }, (_, index) => [`person${index}@example.com`]);
		const summary = buildFiles({ types: ['email'], rowsPerFile: 20, expectedRows: 5 }, [
			...emails,
			...emails,
		]);
		assert.equal(summary.rowsAccepted, 50);
		assert.deepEqual(summary.droppedByReason, { duplicate: 50 });
		assert.deepEqual(
			summary.files.map((file) => file.rows),
			[20, 20, 10],
		);
		const written = summary.files.flatMap((file) => fileLines(file.content).slice(1));
		assert.deepEqual(
			written,
			emails.map(([email]) => sha256(email)),
		);
		for (const file of summary.files) assert.equal(file.md5, md5(file.content));
	});

	it('rejects unusable options up front', () => {
		const base = { types: ['email'] as IdentifierType[], rowsPerFile: 10, fileNamePrefix: 'a' };
		assert.throws(() => new CustomerFileBuilder({ ...base, types: [] }), /at least one/);
		assert.throws(() => new CustomerFileBuilder({ ...base, rowsPerFile: 0 }), /Rows per file/);
		assert.throws(() => new CustomerFileBuilder({ ...base, rowsPerFile: 2.5 }), /Rows per file/);
		assert.throws(
			() => new CustomerFileBuilder({ ...base, defaultCountryCode: 'UK' }),
			/country calling code/,
		);
		assert.throws(
			() => new CustomerFileBuilder({ ...base, types: ['fax' as IdentifierType] }),
			/Unknown identifier type "fax"/,
		);
		assert.doesNotThrow(() => new CustomerFileBuilder({ ...base, defaultCountryCode: ' ' }));
	});

	it('returns the same summary when finished twice and refuses rows afterwards', () => {
		const builder = new CustomerFileBuilder({
			types: ['email'],
			rowsPerFile: 5,
			fileNamePrefix: 'a',
		});
		builder.addRow(['a@example.com']);
		const summary = builder.finish();
		assert.equal(builder.finish(), summary);
		assert.throws(() => builder.addRow(['b@example.com']), /already finished/);
	});
});

/** An e-mail builder that hands each file, once complete, to the list it returns. */
function handingOn(rowsPerFile: number): { builder: CustomerFileBuilder; handed: CustomerFile[] } {
	const handed: CustomerFile[] = [];
	const builder = new CustomerFileBuilder({
		types: ['email'],
		rowsPerFile,
		fileNamePrefix: 'audience',
		onFile: (file) => handed.push(file),
	});
	return { builder, handed };
}

describe('CustomerFileBuilder handing files on', () => {
	const emails = (count: number, from = 0) =>
		Array.from({ length: count }, (_, index) => [`person${from + index}@example.com`]);

	it('gives each file to onFile when complete and keeps none', () => {
		const handed: CustomerFile[] = [];
		const rowsWhenHanded: number[] = [];
		let added = 0;
		const builder = new CustomerFileBuilder({
			types: ['email'],
			rowsPerFile: 10,
			fileNamePrefix: 'audience',
			onFile: (file) => {
				handed.push(file);
				rowsWhenHanded.push(added);
			},
		});
		const kept = new CustomerFileBuilder({
			types: ['email'],
			rowsPerFile: 10,
			fileNamePrefix: 'audience',
		});
		for (const row of [...emails(25), ...emails(5)]) {
			added++;
			builder.addRow(row);
			kept.addRow(row);
		}
		const summary = builder.finish();
		assert.deepEqual(summary.files, []);
		assert.equal(summary.fileCount, 3);
		assert.deepEqual(rowsWhenHanded, [10, 20, 30]);
		assert.equal(summary.droppedByReason.duplicate, 5);
		assert.deepEqual(
			handed.map((file) => [file.fileName, file.content.toString()]),
			kept.finish().files.map((file) => [file.fileName, file.content.toString()]),
		);
	});

	it('writes the next file into the memory of one handed back with release', () => {
		// 100 rows make 6.6 kB: more than Node's shared pool hands out, so each file has its own.
		const { builder, handed } = handingOn(100);
		for (const row of emails(200)) builder.addRow(row);
		const first = handed[0].content.toString();
		handed[0].release?.();
		for (const row of emails(100, 200)) builder.addRow(row);
		assert.equal(handed[2].content.buffer, handed[0].content.buffer, 'memory reused');
		assert.notEqual(handed[1].content.buffer, handed[0].content.buffer);
		assert.notEqual(handed[2].content.toString(), first);
		assert.equal(handed[2].content.toString().split('\n').length, 102);
	});

	it('moves a file begun in new memory into memory handed back while it is barely written', () => {
		const { builder, handed } = handingOn(100);
		// File 1 is still being uploaded when file 2 completes, so file 3 starts in new memory.
		for (const row of emails(205)) builder.addRow(row);
		handed[0].release?.();
		for (const row of emails(95, 205)) builder.addRow(row);
		assert.equal(handed[2].content.buffer, handed[0].content.buffer, 'file 3 moved');
		assert.deepEqual(
			handed[2].content.toString().split('\n').slice(1, -1),
			emails(100, 200).map(([email]) => sha256(email)),
		);
	});

	it('leaves a file where it is when it is well under way or already in reused memory', () => {
		const run = (rowsBeforeRelease: number, releaseFirstEarly: boolean) => {
			const { builder, handed } = handingOn(100);
			for (const row of emails(200)) builder.addRow(row);
			if (releaseFirstEarly) handed[0].release?.();
			for (const row of emails(rowsBeforeRelease, 200)) builder.addRow(row);
			handed[releaseFirstEarly ? 1 : 0].release?.();
			for (const row of emails(100 - rowsBeforeRelease, 200 + rowsBeforeRelease)) {
				builder.addRow(row);
			}
			assert.equal(handed[2].content.toString().split('\n').length, 102);
			return handed.map((file) => file.content.buffer);
		};
		// 40 of 100 rows written in new memory: copying them would cost more than it saves.
		const [first, second, third] = run(40, false);
		assert.notEqual(third, first);
		assert.notEqual(third, second);
		// File 3 starts in file 1's memory; file 2's, handed back, waits for file 4.
		const [reusedFirst, , reusedThird] = run(5, true);
		assert.equal(reusedThird, reusedFirst);
	});

	it('keeps repeated rows with removeDuplicates off', () => {
		const builder = new CustomerFileBuilder({
			types: ['email'],
			rowsPerFile: 10,
			fileNamePrefix: 'audience',
			removeDuplicates: false,
		});
		for (const row of [...emails(3), ...emails(2)]) builder.addRow(row);
		const summary = builder.finish();
		assert.equal(summary.rowsAccepted, 5);
		assert.deepEqual(summary.droppedByReason, {});
		assert.equal(summary.files[0].content.toString().split('\n').length, 7);
	});

	it('refuses the row that would start one file more than maxFiles, and only that one', () => {
		const builder = new CustomerFileBuilder({
			types: ['email'],
			rowsPerFile: 10,
			fileNamePrefix: 'audience',
			maxFiles: 2,
			onFile: () => undefined,
		});
		for (const row of emails(20)) builder.addRow(row);
		builder.addRow(['person3@example.com']); // a repeat starts no file
		builder.addRow(['not an e-mail']);
		assert.throws(() => builder.addRow(['person20@example.com']), TooManyFilesError);
	});
});
