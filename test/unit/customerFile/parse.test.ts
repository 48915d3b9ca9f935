// Customer files read as the node reads them: header rows, declared types, delimiters, and the
// exports that testers found read wrongly when lines were split on commas.
import { createHash } from 'crypto';

import { CustomerFileError } from '../../../nodes/TikTokForBusiness/customerFile/fileError';
import type { IdentifierType } from '../../../nodes/TikTokForBusiness/customerFile/types';
import { buildFiles, fileLines, readCustomerFile } from '../../support/customerFile';
import { assert, describe, it } from '../../support/testing';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** The columns and rows of a whole file, as the whole-file parser gave them before streaming. */
function parseCustomerFile(content: Buffer | string, declaredTypes?: IdentifierType[]) {
	const { types, rows, md5DigestColumns } = readCustomerFile(content, declaredTypes);
	return { types, rows, md5DigestColumns };
}

function problem(read: () => unknown): CustomerFileError {
	try {
		read();
	} catch (error) {
		assert.ok(error instanceof CustomerFileError, String(error));
		return error;
	}
	assert.fail('no error');
}

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
		assert.equal(problem(() => parseCustomerFile('jane@example.com\n')).problem, 'noHeader');
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

	it('returns no rows for a file without rows, with a header or declared type', () => {
		assert.deepEqual(parseCustomerFile('EMAIL\n'), {
			types: ['email'],
			rows: [],
			md5DigestColumns: [false],
		});
		// An empty file (no bytes at all) is refused as empty: see the reader's tests.
		assert.deepEqual(parseCustomerFile('\n', ['gaid']), {
			types: ['gaid'],
			rows: [],
			md5DigestColumns: [false],
		});
	});

	it('drops and counts values of a file that is not UTF-8 instead of hashing them', () => {
		// Latin-1 "ü" (0xfc) is not UTF-8: it reads as U+FFFD, which was hashed as part of the value.
		const latin1 = Buffer.from('EMAIL\njane@example.com\nmüller@example.de\n', 'latin1');
		const parsed = parseCustomerFile(latin1);
		const summary = buildFiles({ types: parsed.types }, parsed.rows);
		assert.deepEqual(fileLines(summary.files[0].content), [
			'EMAIL_SHA256',
			sha256('jane@example.com'),
		]);
		assert.deepEqual(summary.droppedByReason, { invalidEncoding: 1 });
	});

	it('drops and counts a value holding a NUL anywhere in the file', () => {
		const filler = Array.from({ length: 300 }, (_, index) => `user${index}@example.com`);
		const text = `EMAIL\n${filler.join('\n')}\nlate@example.com\u0000\n`;
		assert.ok(text.indexOf('\u0000') > 4096);
		const parsed = parseCustomerFile(Buffer.from(text, 'utf8'));
		const summary = buildFiles({ types: parsed.types }, parsed.rows);
		assert.equal(summary.rowsAccepted, 300);
		assert.deepEqual(summary.droppedByReason, { invalidEncoding: 1 });
	});

	it('feeds the builder: a user file becomes an uploadable customer file', () => {
		const parsed = parseCustomerFile('\ufeffEmail,Phone\r\nJane@Example.com,(657)777-0000\r\n', [
			'email',
		]);
		const summary = buildFiles({ types: parsed.types, defaultCountryCode: '1' }, parsed.rows);
		assert.deepEqual(fileLines(summary.files[0].content), [
			'EMAIL_SHA256,PHONE_SHA256',
			`${sha256('jane@example.com')},${sha256('16577770000')}`,
		]);
	});
});

describe('customer files from real exports', () => {
	it('reads a quoted NOTES field that spans lines as part of its row, one row per person', () => {
		const file =
			'EMAIL,NOTES\r\na@x.com,"cc:\nb@third-party.example\n"\r\n' +
			'c@x.com,"Smith, John\nVIP"\r\nd@x.com,plain\r\n';
		assert.deepEqual(readCustomerFile(file).rows, [['a@x.com'], ['c@x.com'], ['d@x.com']]);
	});

	it('detects a semicolon header (Excel in many European locales) and reads the e-mail only', () => {
		const parsed = readCustomerFile('Email;Name\r\na@x.com;john\r\n"b;1@x.com";"Doe; Jane"\r\n');
		assert.deepEqual(parsed.types, ['email']);
		assert.equal(parsed.delimiter, ';');
		assert.deepEqual(parsed.rows, [['a@x.com'], ['b;1@x.com']]);
	});

	it('detects a tab-separated header', () => {
		const parsed = readCustomerFile(
			'Name\tPhone Number\tEmail\nJohn, Jr.\t+1 650 555 0100\tj@x.com\n',
		);
		assert.deepEqual(parsed.types, ['phone', 'email']);
		assert.equal(parsed.delimiter, '\t');
		assert.deepEqual(parsed.rows, [['+1 650 555 0100', 'j@x.com']]);
	});

	it('reads First,Last,Email as one e-mail column, not as mobile IDs', () => {
		const parsed = readCustomerFile('First,Last,Email\nJohn,Smith,john@x.com\n');
		assert.deepEqual(parsed.types, ['email']);
		assert.deepEqual(parsed.md5DigestColumns, [false]);
		assert.deepEqual(parsed.rows, [['john@x.com']]);
	});

	it('refuses a file whose quote is never closed, naming the line where it opens', () => {
		const error = problem(() =>
			readCustomerFile('EMAIL,NOTES\na@x.com,ok\nb@x.com,"oops\nc@x.com,x\n'),
		);
		assert.equal(error.problem, 'unclosedQuote');
		assert.equal(error.line, 3);
		assert.match(error.message, /line 3/);
	});

	it('keeps a quote inside an unquoted value, so the value fails validation and is counted', () => {
		const parsed = readCustomerFile('EMAIL\na"@x.com\nb@x.com\n');
		assert.deepEqual(parsed.rows, [['a"@x.com'], ['b@x.com']]);
		const summary = buildFiles({ types: parsed.types }, parsed.rows);
		assert.equal(summary.rowsAccepted, 1);
		assert.deepEqual(summary.droppedByReason, { invalidEmail: 1 });
	});
});

describe('the Delimiter option', () => {
	it('overrides detection', () => {
		const file = 'EMAIL,x;PHONE\na@x.com,1;2\n';
		assert.deepEqual(readCustomerFile(file).types, ['email']);
		const semicolon = readCustomerFile(file, undefined, ';');
		assert.deepEqual(semicolon.types, ['phone']);
		assert.equal(semicolon.delimiter, ';');
		assert.deepEqual(semicolon.rows, [['2']]);
	});

	it('reads a headerless file positionally, with comma unless another delimiter is chosen', () => {
		const file = 'a@x.com;+16505550100\n';
		const detected = readCustomerFile(file, ['email', 'phone']);
		assert.equal(detected.delimiter, ',');
		assert.deepEqual(detected.rows, [['a@x.com;+16505550100', '']]);
		const semicolon = readCustomerFile(file, ['email', 'phone'], ';');
		assert.deepEqual(semicolon.rows, [['a@x.com', '+16505550100']]);
	});

	it('reports the delimiter of a file without rows', () => {
		assert.equal(readCustomerFile('Email;Name\n').delimiter, ';');
		assert.equal(readCustomerFile('\n', ['email'], '\t').delimiter, '\t');
	});
});
