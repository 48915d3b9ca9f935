// RFC 4180 records from text in pieces: unit cases, agreement with csv-parse on generated files
// cut anywhere, and the same records (or the same error) however the text is cut.
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';

import {
	CsvRecordSplitter,
	MAX_RECORD_LENGTH,
	type CsvDelimiter,
} from '../../../nodes/TikTokForBusiness/customerFile/csv';
import { CustomerFileError } from '../../../nodes/TikTokForBusiness/customerFile/fileError';
import { csvFile, CSV_PARSE_OPTIONS, cutText } from '../../support/customerFile';
import { assert, describe, it } from '../../support/testing';

function split(pieces: readonly string[], delimiter: CsvDelimiter = ','): string[][] {
	const records: string[][] = [];
	const splitter = new CsvRecordSplitter(delimiter, (cells) => records.push(cells));
	for (const piece of pieces) splitter.write(piece);
	splitter.end();
	return records;
}

function outcome(run: () => unknown): unknown {
	try {
		return { ok: run() };
	} catch (error) {
		assert.ok(error instanceof CustomerFileError, String(error));
		return { problem: error.problem, line: error.line, message: error.message };
	}
}

function failure(pieces: readonly string[], delimiter: CsvDelimiter = ','): CustomerFileError {
	try {
		split(pieces, delimiter);
	} catch (error) {
		assert.ok(error instanceof CustomerFileError);
		return error;
	}
	assert.fail('no error');
}

describe('CsvRecordSplitter', () => {
	it('splits records at CRLF, LF and CR, and fields at the delimiter', () => {
		assert.deepEqual(split(['a,b\r\nc,d\ne\rf']), [['a', 'b'], ['c', 'd'], ['e'], ['f']]);
		assert.deepEqual(split(['a;b,c\n'], ';'), [['a', 'b,c']]);
		assert.deepEqual(split(['a\tb;c\n'], '\t'), [['a', 'b;c']]);
	});

	it('reads quoted fields holding delimiters, "" and line breaks', () => {
		assert.deepEqual(split(['x,"a,b ""q""\r\nnext\rline\nend",y\nz']), [
			['x', 'a,b "q"\r\nnext\rline\nend', 'y'],
			['z'],
		]);
		assert.deepEqual(split(['"",""""\n']), [['', '"']]);
	});

	it('keeps a quote inside an unquoted field as a literal character', () => {
		assert.deepEqual(split(['a"@x.com,b""c,d"\n']), [['a"@x.com', 'b""c', 'd"']]);
	});

	it('keeps a field literal when text follows its closing quote, as csv-parse relaxed does', () => {
		assert.deepEqual(split(['"a"b,"c""d"e\n']), [['"a"b', '"c"d"e']]);
	});

	it('ignores spaces around a quoted field (and tabs unless they are the delimiter)', () => {
		assert.deepEqual(split(['  "a, b" ,\t"c"\t\n']), [['a, b', 'c']]);
		assert.deepEqual(split([' "a"\t "b" \n'], '\t'), [['a', 'b']]);
		// Spaces around an unquoted value stay: values are trimmed where they are checked.
		assert.deepEqual(split([' a , b\n']), [[' a ', ' b']]);
	});

	it('skips records whose fields are all blank, quoted or not', () => {
		assert.deepEqual(split(['\n \n,,\n"",""\n\t;\u00a0\n\ufeff\nx,\n'], ','), [
			['\t;\u00a0'],
			['x', ''],
		]);
		assert.deepEqual(split(['\t;\u00a0\n'], ';'), []);
		assert.deepEqual(split(['a,\n,b\n']), [
			['a', ''],
			['', 'b'],
		]);
	});

	it('reads a CRLF cut between its CR and LF as one line break', () => {
		assert.deepEqual(split(['a\r', '\nb\r', '', '\n\r', '\nc']), [['a'], ['b'], ['c']]);
		assert.deepEqual(split(['"a\r', '\nb"\r', '\n"c"']), [['a\r\nb'], ['c']]);
		assert.equal(failure(['x\r', '\n"']).line, 2);
	});

	it('says on which line a quote is left open, counting line breaks inside quoted fields', () => {
		const error = failure(['a\r\n"b\r\nc",d\r\ne,"f\n\ng']);
		assert.equal(error.problem, 'unclosedQuote');
		assert.equal(error.line, 4);
		assert.match(error.message, /starts on line 4 has no closing quote/);
		assert.equal(failure(['x\r\r"']).line, 3);
		// The record starts on line 1; the quote left open, on line 2.
		assert.equal(failure(['x,"a\nb","c\n']).line, 2);
	});

	it('refuses a record longer than MAX_RECORD_LENGTH, naming the field that crosses it', () => {
		const quoted = failure(['a\n"b\nc",x,"', 'y'.repeat(MAX_RECORD_LENGTH)]);
		assert.equal(quoted.problem, 'fieldTooLong');
		assert.equal(quoted.line, 3);
		assert.match(quoted.message, /quoted field that starts on line 3 is longer than 1 MiB/);
		const plain = failure(['a\nb\n', 'z,'.repeat(MAX_RECORD_LENGTH)]);
		assert.equal(plain.problem, 'fieldTooLong');
		assert.equal(plain.line, 3);
		assert.match(plain.message, /^Line 3 is longer than 1 MiB/);
	});

	it('reads a record of exactly MAX_RECORD_LENGTH characters', () => {
		const longest = 'x'.repeat(MAX_RECORD_LENGTH);
		assert.deepEqual(split([longest.slice(0, 10), longest.slice(10), '\r', '\nz']), [
			[longest],
			['z'],
		]);
		assert.deepEqual(split([`"${longest.slice(2)}"`, '\r']), [[longest.slice(2)]]);
		assert.equal(failure([`${longest}x\n`]).problem, 'fieldTooLong');
	});

	it('gives the records csv-parse gives, however the text is cut', () => {
		fc.assert(
			fc.property(csvFile, fc.array(fc.nat(), { maxLength: 12 }), ({ text, delimiter }, cuts) => {
				const expected = parse(text, { ...CSV_PARSE_OPTIONS, delimiter }) as string[][];
				assert.deepEqual(split(cutText(text, cuts), delimiter), expected);
			}),
			{ numRuns: 1000 },
		);
	});

	it('gives the same records, or the same error, however any text is cut', () => {
		const soup = fc
			.array(fc.constantFrom('a', '"', '""', ',', ';', '\t', ' ', '\r', '\n', '\r\n', 'é', '😀'), {
				maxLength: 40,
			})
			.map((parts) => parts.join(''));
		const delimiter = fc.constantFrom<CsvDelimiter>(',', ';', '\t');
		fc.assert(
			fc.property(soup, fc.array(fc.nat(), { maxLength: 12 }), delimiter, (text, cuts, used) => {
				const whole = outcome(() => split([text], used));
				assert.deepEqual(
					outcome(() => split(cutText(text, cuts), used)),
					whole,
				);
				assert.deepEqual(
					outcome(() => split([...text], used)),
					whole,
				);
			}),
			{ numRuns: 2000 },
		);
	});
});
