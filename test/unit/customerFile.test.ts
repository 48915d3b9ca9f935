import { createHash } from 'crypto';

import type {
	CustomerFileBuilderOptions,
	CustomerFileSummary,
} from '../../nodes/TikTokForBusiness/customerFile/builder';
import {
	calculateTypeFor,
	columnHeader,
	CustomerFileBuilder,
} from '../../nodes/TikTokForBusiness/customerFile/builder';
import { parseCustomerFile } from '../../nodes/TikTokForBusiness/customerFile/parse';
import type { IdentifierType } from '../../nodes/TikTokForBusiness/customerFile/types';
import { assert, describe, it } from '../support/testing';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const md5 = (value: string | Buffer) => createHash('md5').update(value).digest('hex');

const IDFA = 'AEBE52E7-03EE-455A-B3C4-E57283966239';

function build(
	options: Partial<CustomerFileBuilderOptions> & { types: IdentifierType[] },
	rows: unknown[][],
): CustomerFileSummary {
	const builder = new CustomerFileBuilder({
		rowsPerFile: 1000,
		fileNamePrefix: 'audience',
		...options,
	});
	for (const row of rows) builder.addRow(row);
	return builder.finish();
}

function lines(content: Buffer): string[] {
	const text = content.toString('utf8');
	assert.ok(text.endsWith('\n'), 'each line ends with \\n');
	assert.ok(!text.includes('\r'), 'no carriage returns');
	return text.slice(0, -1).split('\n');
}

describe('calculateTypeFor', () => {
	it('gives a single column its own type', () => {
		assert.equal(calculateTypeFor(['email'], {}), 'EMAIL_SHA256');
		assert.equal(calculateTypeFor(['phone'], {}), 'PHONE_SHA256');
		assert.equal(calculateTypeFor(['idfa'], {}), 'IDFA_SHA256');
		assert.equal(calculateTypeFor(['gaid'], {}), 'GAID_SHA256');
		assert.equal(calculateTypeFor(['maid'], {}), 'FIRST_SHA256');
	});

	it('follows the mobile ID digest for mobile ID columns only', () => {
		const md5Ids = { mobileIdHash: 'md5' } as const;
		assert.equal(calculateTypeFor(['idfa'], md5Ids), 'IDFA_MD5');
		assert.equal(calculateTypeFor(['gaid'], md5Ids), 'GAID_MD5');
		assert.equal(calculateTypeFor(['maid'], md5Ids), 'FIRST_MD5');
		assert.equal(calculateTypeFor(['email'], md5Ids), 'EMAIL_SHA256');
		assert.equal(calculateTypeFor(['phone'], md5Ids), 'PHONE_SHA256');
	});

	it('gives several columns MULTIPLE_TYPES', () => {
		assert.equal(calculateTypeFor(['email', 'phone'], {}), 'MULTIPLE_TYPES');
		assert.equal(calculateTypeFor(['idfa', 'gaid'], {}), 'MULTIPLE_TYPES');
		assert.equal(
			calculateTypeFor(['email', 'phone', 'maid'], { mobileIdHash: 'md5' }),
			'MULTIPLE_TYPES',
		);
		assert.equal(calculateTypeFor(['email', 'email'], {}), 'MULTIPLE_TYPES');
	});

	it('refuses an empty list of columns', () => {
		assert.throws(() => calculateTypeFor([], {}), /at least one identifier type/);
	});
});

describe('columnHeader', () => {
	it('names the calculate_type that a single-column file is sent with', () => {
		for (const mobileIdHash of ['sha256', 'md5'] as const) {
			for (const type of ['email', 'phone', 'idfa', 'gaid'] as IdentifierType[]) {
				assert.equal(
					columnHeader(type, { mobileIdHash }),
					calculateTypeFor([type], { mobileIdHash }),
					`${type} with ${mobileIdHash}`,
				);
			}
		}
		assert.equal(columnHeader('idfa', {}), 'IDFA_SHA256');
		assert.equal(columnHeader('idfa', { mobileIdHash: 'md5' }), 'IDFA_MD5');
		assert.equal(columnHeader('gaid', {}), 'GAID_SHA256');
		assert.equal(columnHeader('gaid', { mobileIdHash: 'md5' }), 'GAID_MD5');
	});

	it('names mixed mobile IDs MAID_*, the same encryption type as FIRST_* (spec enum value 6 and 7)', () => {
		assert.equal(calculateTypeFor(['maid'], {}), 'FIRST_SHA256');
		assert.equal(columnHeader('maid', {}), 'MAID_SHA256');
		assert.equal(calculateTypeFor(['maid'], { mobileIdHash: 'md5' }), 'FIRST_MD5');
		assert.equal(columnHeader('maid', { mobileIdHash: 'md5' }), 'MAID_MD5');
	});

	it('keeps e-mail and phone headers SHA-256 whatever the mobile ID digest', () => {
		assert.equal(columnHeader('email', { mobileIdHash: 'md5' }), 'EMAIL_SHA256');
		assert.equal(columnHeader('phone', { mobileIdHash: 'md5' }), 'PHONE_SHA256');
	});
});

describe('CustomerFileBuilder', () => {
	it('writes a header and one digest per accepted row, and counts the rest', () => {
		const jane = sha256('janedoe@gmail.com');
		const john = sha256('john@example.com');
		const summary = build({ types: ['email'] }, [
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
		const byDefault = build({ types: ['phone'], defaultCountryCode: '1' }, [
			['(657)777-0000'],
			['+1 657 777 0000'],
			[6577770000],
		]);
		assert.equal(byDefault.calculateType, 'PHONE_SHA256');
		assert.deepEqual(lines(byDefault.files[0].content), ['PHONE_SHA256', sha256('16577770000')]);
		assert.deepEqual(byDefault.droppedByReason, { duplicate: 2 });

		const withPlus = build({ types: ['phone'], defaultCountryCode: '+1', phoneIncludePlus: true }, [
			['(657)777-0000'],
			[6577770000],
		]);
		assert.deepEqual(lines(withPlus.files[0].content), ['PHONE_SHA256', sha256('+16577770000')]);
		assert.deepEqual(withPlus.droppedByReason, { duplicate: 1 });
	});

	it("writes TikTok's published phone and e-mail digests with the default options", () => {
		const summary = build({ types: ['email', 'phone'] }, [['JaneDoe@Gmail.com', '+37493828222']]);
		assert.deepEqual(lines(summary.files[0].content), [
			'EMAIL_SHA256,PHONE_SHA256',
			'd6117306485ed0e50afab3ac871e98f81699151f30281527d63ff5f233656c69,' +
				'65b7e6dcf6f4310f8d7cbfbd78289a753062fb054d6664fb9aaac5df66a422d4',
		]);
	});

	it('counts e-mails that differ only by a +tag as duplicates', () => {
		const summary = build({ types: ['email'] }, [
			['jane@example.com'],
			['Jane+news@example.com'],
			['jane+shop@example.com'],
		]);
		assert.equal(summary.rowsAccepted, 1);
		assert.deepEqual(summary.droppedByReason, { duplicate: 2 });
	});

	it('hashes mobile IDs with MD5 when chosen and drops the all-zero ID', () => {
		const summary = build({ types: ['maid'], mobileIdHash: 'md5' }, [
			[IDFA],
			['00000000-0000-0000-0000-000000000000'],
			[sha256(IDFA.toLowerCase())],
		]);
		assert.equal(summary.calculateType, 'FIRST_MD5');
		assert.deepEqual(lines(summary.files[0].content), ['MAID_MD5', md5(IDFA.toLowerCase())]);
		assert.deepEqual(summary.droppedByReason, { invalidMobileId: 1, wrongHashType: 1 });
	});

	it('never writes a device ID given without hyphens as it is', () => {
		const id = IDFA.toLowerCase();
		const bareId = id.replace(/-/g, '');
		const summary = build({ types: ['idfa'], mobileIdHash: 'md5' }, [[bareId], [IDFA]]);
		assert.deepEqual(lines(summary.files[0].content), ['IDFA_MD5', md5(id)]);
		assert.deepEqual(summary.droppedByReason, { duplicate: 1 });
		assert.ok(!summary.files[0].content.includes(bareId));
	});

	it('keeps MD5 digests only in the columns declared to hold them', () => {
		const digest = md5('some device');
		const summary = build(
			{ types: ['maid', 'idfa'], mobileIdHash: 'md5', md5DigestColumns: [true, false] },
			[[digest, digest]],
		);
		assert.deepEqual(lines(summary.files[0].content), [
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
			const summary = build({ types: [type], mobileIdHash }, [[IDFA]]);
			assert.equal(summary.calculateType, expected);
			assert.deepEqual(lines(summary.files[0].content), [expected, digest]);
		}
	});

	it('heads each MULTIPLE_TYPES column with its own type', () => {
		const summary = build({ types: ['email', 'idfa', 'gaid', 'maid'], mobileIdHash: 'md5' }, [
			['jane@example.com', IDFA, IDFA, IDFA],
		]);
		assert.equal(summary.calculateType, 'MULTIPLE_TYPES');
		assert.equal(lines(summary.files[0].content)[0], 'EMAIL_SHA256,IDFA_MD5,GAID_MD5,MAID_MD5');
	});

	it('leaves cells of invalid identifiers empty in MULTIPLE_TYPES files', () => {
		const email = sha256('jane@example.com');
		const phone = sha256('442079460958');
		const maid = sha256(IDFA.toLowerCase());
		const summary = build({ types: ['email', 'phone', 'maid'], defaultCountryCode: '44' }, [
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
		assert.deepEqual(lines(summary.files[0].content), [
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
		const summary = build({ types: ['email'], rowsPerFile: 3, fileNamePrefix: 'crm-sync' }, [
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
			const [header, ...rows] = lines(file.content);
			assert.equal(header, 'EMAIL_SHA256');
			assert.equal(rows.length, file.rows);
			assert.equal(file.md5, md5(file.content));
			return rows;
		});
		assert.deepEqual(written, emails.map(sha256));
		assert.equal(new Set(summary.files.map((file) => file.md5)).size, 3);
	});

	it('does not write an empty file when the rows fill the last file exactly', () => {
		const summary = build(
			{ types: ['email'], rowsPerFile: 3 },
			Array.from({ length: 6 }, (_, index) => [`user${index}@example.com`]),
		);
		assert.deepEqual(
			summary.files.map((file) => file.rows),
			[3, 3],
		);
	});

	it('writes no file when no row is accepted', () => {
		const summary = build({ types: ['email'] }, [[''], ['nope']]);
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
			assert.equal(lines(file.content).length, file.rows + 1);
			assert.equal(file.md5, md5(file.content));
		}
		const lastLine = lines(summary.files[2].content)[2_000];
		assert.equal(lastLine, `${sha256('person21999@example.com')},${sha256('16575021999')}`);
	});

	it('keeps distinct rows whose digests share their first characters, and drops their repeats', () => {
		const shared = 'a'.repeat(12);
		const first = shared + 'b'.repeat(52);
		const second = shared + 'c'.repeat(52);
		const third = shared + 'd'.repeat(52);
		const summary = build({ types: ['email'] }, [
			[first],
			[second],
			[second],
			[first],
			[third],
			[third],
		]);
		assert.equal(summary.rowsAccepted, 3);
		assert.deepEqual(summary.droppedByReason, { duplicate: 3 });
		assert.deepEqual(lines(summary.files[0].content), ['EMAIL_SHA256', first, second, third]);
	});

	it('finds repeats across files and grows past the expected row count', () => {
		const emails = Array.from({ length: 50 }, (_, index) => [`person${index}@example.com`]);
		const summary = build({ types: ['email'], rowsPerFile: 20, expectedRows: 5 }, [
			...emails,
			...emails,
		]);
		assert.equal(summary.rowsAccepted, 50);
		assert.deepEqual(summary.droppedByReason, { duplicate: 50 });
		assert.deepEqual(
			summary.files.map((file) => file.rows),
			[20, 20, 10],
		);
		const written = summary.files.flatMap((file) => lines(file.content).slice(1));
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

describe('parseCustomerFile', () => {
	it('reads a header row, a UTF-8 BOM, CRLF line endings and blank lines', () => {
		const content = Buffer.from(
			'\ufeffEMAIL\r\njane@example.com\r\n\r\n  \r\nJOHN@example.com\r\n',
			'utf8',
		);
		assert.deepEqual(parseCustomerFile(content), {
			types: ['email'],
			rows: [['jane@example.com'], ['JOHN@example.com']],
			md5DigestColumns: [false],
		});
	});

	it("reads TikTok's header names and friendly names in any case", () => {
		const header =
			'Email,phone,EMAIL_SHA256,Phone_SHA256,MAID,maid_sha256,MAID_MD5,IDFA,IDFA_MD5,GAID,gaid_sha256,Phone Number';
		const parsed = parseCustomerFile(`${header}\n${'x,'.repeat(11)}x\n`);
		assert.deepEqual(parsed.types, [
			'email',
			'phone',
			'email',
			'phone',
			'maid',
			'maid',
			'maid',
			'idfa',
			'idfa',
			'gaid',
			'gaid',
			'phone',
		]);
		assert.equal(parsed.rows[0].length, 12);
	});

	it('reads the API names FIRST_SHA256 and FIRST_MD5 as mixed mobile IDs', () => {
		assert.deepEqual(parseCustomerFile('FIRST_SHA256,First_MD5\na,b\n').types, ['maid', 'maid']);
	});

	it('marks the columns whose header names an MD5 type', () => {
		const parsed = parseCustomerFile('EMAIL,MAID_MD5,IDFA,GAID_MD5,idfa_md5,FIRST_MD5,MAID\n');
		assert.deepEqual(parsed.types, ['email', 'maid', 'idfa', 'gaid', 'idfa', 'maid', 'maid']);
		assert.deepEqual(parsed.md5DigestColumns, [false, true, false, true, true, true, false]);
		assert.deepEqual(parseCustomerFile('x\n', ['idfa']).md5DigestColumns, [false]);
	});

	it('reads a headerless single column as the declared type', () => {
		assert.deepEqual(parseCustomerFile('(657)777-0000\n+44 20 7946 0958\n', ['phone']), {
			types: ['phone'],
			rows: [['(657)777-0000'], ['+44 20 7946 0958']],
			md5DigestColumns: [false],
		});
		assert.deepEqual(parseCustomerFile('a@example.com\rb@example.com', ['email']).rows, [
			['a@example.com'],
			['b@example.com'],
		]);
	});

	it('prefers a header row to the declared types', () => {
		const parsed = parseCustomerFile('PHONE\n16577770000\n', ['email']);
		assert.deepEqual(parsed.types, ['phone']);
		assert.deepEqual(parsed.rows, [['16577770000']]);
	});

	it('asks for a header or a type when it has neither', () => {
		assert.throws(() => parseCustomerFile('jane@example.com\n'), /no header row/);
		assert.throws(() => parseCustomerFile('jane@example.com\n', []), /no header row/);
	});

	it('ignores columns the header does not name as identifiers', () => {
		const parsed = parseCustomerFile('first_name,Email,city\nJane,jane@example.com,Paris\nJohn\n');
		assert.deepEqual(parsed.types, ['email']);
		assert.deepEqual(parsed.rows, [['jane@example.com'], ['']]);
	});

	it('reads double-quoted cells with commas and escaped quotes', () => {
		const parsed = parseCustomerFile(
			'"EMAIL","PHONE"\n"jane@example.com","+1 (657) 777-0000"\n"a,b@example.com", "say ""hi"""\n"x@example.com"\n',
		);
		assert.deepEqual(parsed.types, ['email', 'phone']);
		assert.deepEqual(parsed.rows, [
			['jane@example.com', '+1 (657) 777-0000'],
			['a,b@example.com', 'say "hi"'],
			['x@example.com', ''],
		]);
	});

	it('returns no rows for an empty file with a header or declared type', () => {
		assert.deepEqual(parseCustomerFile('EMAIL\n'), {
			types: ['email'],
			rows: [],
			md5DigestColumns: [false],
		});
		assert.deepEqual(parseCustomerFile('', ['gaid']), {
			types: ['gaid'],
			rows: [],
			md5DigestColumns: [false],
		});
	});

	it('drops and counts values of a file that is not UTF-8 instead of hashing them', () => {
		// Latin-1 "ü" (0xfc) is not UTF-8: it reads as U+FFFD, which was hashed as part of the value.
		const latin1 = Buffer.from('EMAIL\njane@example.com\nmüller@example.de\n', 'latin1');
		const parsed = parseCustomerFile(latin1);
		const summary = build({ types: parsed.types }, parsed.rows);
		assert.deepEqual(lines(summary.files[0].content), ['EMAIL_SHA256', sha256('jane@example.com')]);
		assert.deepEqual(summary.droppedByReason, { invalidEncoding: 1 });
	});

	it('drops and counts a value holding a NUL anywhere in the file', () => {
		const filler = Array.from({ length: 300 }, (_, index) => `user${index}@example.com`);
		const text = `EMAIL\n${filler.join('\n')}\nlate@example.com\u0000\n`;
		assert.ok(text.indexOf('\u0000') > 4096);
		const parsed = parseCustomerFile(Buffer.from(text, 'utf8'));
		const summary = build({ types: parsed.types }, parsed.rows);
		assert.equal(summary.rowsAccepted, 300);
		assert.deepEqual(summary.droppedByReason, { invalidEncoding: 1 });
	});

	it('feeds the builder: a user file becomes an uploadable customer file', () => {
		const parsed = parseCustomerFile('\ufeffEmail,Phone\r\nJane@Example.com,(657)777-0000\r\n', [
			'email',
		]);
		const summary = build({ types: parsed.types, defaultCountryCode: '1' }, parsed.rows);
		assert.deepEqual(lines(summary.files[0].content), [
			'EMAIL_SHA256,PHONE_SHA256',
			`${sha256('jane@example.com')},${sha256('16577770000')}`,
		]);
	});
});
