/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test tooling runs in Node and never ships in the package */
// The streamed customer-file reader must read every file the same however the bytes arrive:
// fast-check generates files and cuts them into arbitrary chunks, inside UTF-8 sequences too.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import { parse } from 'csv-parse/sync';
import fc from 'fast-check';

import { CustomerFileError } from '../../../nodes/TikTokForBusiness/customerFile/fileError';
import { CustomerFileReader } from '../../../nodes/TikTokForBusiness/customerFile/stream';
import type { IdentifierType } from '../../../nodes/TikTokForBusiness/customerFile/types';
import { csvFile, CSV_PARSE_OPTIONS, cutAt, readCustomerFile } from '../../support/customerFile';
import { assert, describe, it } from '../../support/testing';

const RUNS = { numRuns: 500 };

/** SNIFF_BYTES in stream.ts: how much of the start of a file is checked for binary content. */
const SNIFF_BYTES = 4096;

/**
 * Blank lines that fill the start of a file, held until checked: what follows them is decoded
 * chunk by chunk, as the chunks come (a file within SNIFF_BYTES is decoded whole).
 */
const SNIFFED_BLANKS = Buffer.alloc(SNIFF_BYTES, '\n');

function outcome(run: () => unknown): unknown {
	try {
		return { ok: run() };
	} catch (error) {
		assert.ok(error instanceof CustomerFileError, String(error));
		return { problem: error.problem, line: error.line, message: error.message };
	}
}

// Pieces that exercise what the reader handles: line breaks of every kind, quotes, delimiters,
// headers, blanks, multi-byte characters and invalid UTF-8.
const piece = fc.constantFrom(
	'\n',
	'\r\n',
	'\r',
	',',
	';',
	'\t',
	'"',
	'""',
	' ',
	'EMAIL',
	'Phone',
	'MAID_MD5',
	'jane@example.com',
	'+44 20 7946 0958',
	'é',
	'日本',
	'😀',
	'\ufeff',
	'x',
);
const fileBytes = fc
	.tuple(
		fc.boolean(),
		fc.array(
			fc.oneof(
				piece.map((text) => Buffer.from(text, 'utf8')),
				fc
					.uint8Array({ maxLength: 3 })
					.map((bytes) => Buffer.from(bytes.filter((byte) => byte !== 0))),
			),
			{ maxLength: 60 },
		),
	)
	.map(([bom, parts]) => Buffer.concat([bom ? Buffer.from('\ufeff') : Buffer.alloc(0), ...parts]))
	.filter((bytes) => bytes.length > 0);
const declared = fc.constantFrom<IdentifierType[] | undefined>(undefined, ['email'], ['phone']);

// Quoted fields over lines, "", every kind of line break, a BOM and multi-byte characters.
const TRICKY = Buffer.from(
	'\ufeffName;E-Mail;Notes\r\n"Zoë ""Z"" Ä";zoë@exämple.com;"a;b\r\nc\rd\n"\r\n\r\n' +
		'日本;"😀@x.com" ;x""y\rlast;l@x.com;"",\n',
	'utf8',
);
const TRICKY_READ = {
	types: ['email'],
	md5DigestColumns: [false],
	delimiter: ';',
	rows: [['zoë@exämple.com'], ['😀@x.com'], ['l@x.com']],
};

describe('CustomerFileReader', () => {
	it('reads any chunking of a file as it reads the whole file in one chunk', () => {
		fc.assert(
			fc.property(
				fileBytes,
				fc.array(fc.nat(), { maxLength: 20 }),
				fc.boolean(),
				declared,
				(bytes, offsets, late, types) => {
					const file = late ? Buffer.concat([SNIFFED_BLANKS, bytes]) : bytes;
					const cuts = late ? offsets.map((offset) => SNIFF_BYTES + offset) : offsets;
					const whole = outcome(() => readCustomerFile(file, types));
					const streamed = outcome(() => readCustomerFile(cutAt(file, cuts), types));
					assert.deepEqual(streamed, whole);
				},
			),
			RUNS,
		);
	});

	it('reads a small tricky file the same when cut at any byte, or byte by byte', () => {
		// Read whole once sniffed, and, after SNIFF_BYTES of blank lines, chunk by chunk.
		for (const file of [TRICKY, Buffer.concat([SNIFFED_BLANKS, TRICKY])]) {
			assert.deepEqual(readCustomerFile(file), TRICKY_READ);
			for (let offset = file.length - TRICKY.length; offset <= file.length; offset++) {
				const cut = `cut at ${offset}`;
				assert.deepEqual(readCustomerFile(cutAt(file, [offset])), TRICKY_READ, cut);
				assert.deepEqual(readCustomerFile(cutAt(file, [offset, offset + 1])), TRICKY_READ, cut);
			}
			const bytes = [...file].map((byte) => Uint8Array.of(byte));
			assert.deepEqual(readCustomerFile(bytes), TRICKY_READ);
		}
	});

	it('gives the records csv-parse gives, from bytes cut anywhere', () => {
		fc.assert(
			fc.property(
				csvFile,
				fc.boolean(),
				fc.array(fc.nat(), { maxLength: 12 }),
				({ text, delimiter }, bom, offsets) => {
					// Blank lines fill the sniffed start, so that the text is decoded chunk by chunk.
					const head = Buffer.from(`${bom ? '\ufeff' : ''}${'\n'.repeat(SNIFF_BYTES)}`);
					const bytes = Buffer.concat([head, Buffer.from(text, 'utf8')]);
					const records = parse(bytes, { ...CSV_PARSE_OPTIONS, delimiter }) as string[][];
					// Declared e-mail columns, as many as the widest record: every field is a value.
					const width = Math.max(1, ...records.map((record) => record.length));
					const types = Array.from({ length: width }, (): IdentifierType => 'email');
					const cuts = [...offsets.map((offset) => head.length + offset), ...offsets.slice(0, 1)];
					const read = readCustomerFile(cutAt(bytes, cuts), types, delimiter);
					const padded = records.map((record) =>
						types.map((_type, column) => record[column] ?? ''),
					);
					assert.deepEqual(read.rows, padded);
				},
			),
			RUNS,
		);
	});

	it('reads the csv-spectrum corpus as its expected JSON', () => {
		const corpus = join(__dirname, '../../../node_modules/csv-spectrum');
		const names = readdirSync(join(corpus, 'csvs')).map((file) => basename(file, '.csv'));
		assert.equal(names.length, 12);
		for (const name of names) {
			const bytes = readFileSync(join(corpus, 'csvs', `${name}.csv`));
			const json = JSON.parse(readFileSync(join(corpus, 'json', `${name}.json`), 'utf8')) as
				| Record<string, string>
				| Array<Record<string, string>>;
			const expected = Array.isArray(json) ? json : [json];
			if (name === 'location_coordinates') {
				// The corpus's one slip: this JSON is a lone object, and its phone number is not the
				// one its CSV holds.
				assert.equal(expected[0]['Contact Phone Number'], '1234567890');
				expected[0]['Contact Phone Number'] = '2095257564';
			}
			// No header names an identifier column: declared columns read every field.
			const width = Object.keys(expected[0]).length;
			const types = Array.from({ length: width }, (): IdentifierType => 'email');
			for (const chunks of [[bytes], cutAt(bytes, [1, 7, 20, 33, 50, 70])]) {
				const [header, ...rows] = readCustomerFile(chunks, types).rows;
				const objects = rows.map((row) =>
					Object.fromEntries(header.map((key, column) => [key, row[column]])),
				);
				assert.deepEqual(objects, expected, name);
			}
		}
	});

	it('reads large files chunk by chunk, with lines that span chunks', () => {
		const rows = Array.from({ length: 20_000 }, (_value, index) => `user${index}@example.com`);
		const bytes = Buffer.from(
			`\ufeffEMAIL,city\r\n${rows.map((row) => `${row},Paris`).join('\r\n')}`,
		);
		const parsed = readCustomerFile(cutAt(bytes, [7, 4096, 4097, 65_536, 100_003]));
		assert.deepEqual(parsed.types, ['email']);
		assert.deepEqual(
			parsed.rows.map(([email]) => email),
			rows,
		);
	});

	it('reads large chunks in windows that never split a character, whatever the line breaks', () => {
		const long = `${'ü'.repeat(40_000)}@example.com`;
		const rows = Array.from({ length: 8000 }, (_value, index) =>
			index === 3000 ? long : `Zoë${index}@exämple.com`,
		);
		for (const breakBytes of ['\n', '\r\n', '\r']) {
			const text = `EMAIL${breakBytes}${rows.join(breakBytes)}`;
			const parsed = readCustomerFile([Buffer.from(text)]);
			assert.deepEqual(
				parsed.rows,
				rows.map((row) => [row]),
				breakBytes,
			);
		}
		// One 4-byte character across every window edge: no U+FFFD anywhere.
		const emoji = readCustomerFile(`EMAIL\n${'😀'.repeat(50_000)}\n`).rows[0][0];
		assert.equal(emoji, '😀'.repeat(50_000));
	});

	it('keeps only the unfinished record between chunks', () => {
		let rows = 0;
		const reader = new CustomerFileReader({
			declaredTypes: ['email'],
			onColumns: () => undefined,
			onRow: () => rows++,
		});
		const line = Buffer.from('someone@example.com\n'.repeat(1000));
		for (let chunk = 0; chunk < 100; chunk++) reader.push(line);
		assert.equal(rows, 100_000);
		assert.equal(reader.bytesRead, line.length * 100);
		reader.end();
	});

	it('refuses empty files, binary files and files that name no columns', () => {
		const problem = (chunks: Buffer[], types?: IdentifierType[]) => {
			try {
				readCustomerFile(chunks, types);
			} catch (error) {
				assert.ok(error instanceof CustomerFileError);
				return error.problem;
			}
			return undefined;
		};
		assert.equal(problem([]), 'empty');
		assert.equal(problem([Buffer.alloc(0)], ['email']), 'empty');
		assert.equal(
			problem([Buffer.from('PK'), Buffer.from('\u0003\u0004rest')], ['email']),
			'notText',
		);
		assert.equal(problem([Buffer.from('%PD'), Buffer.from('F-1.7\n')], ['email']), 'notText');
		// NUL within the first SNIFF_BYTES, arriving in a later chunk than the first.
		const text = Buffer.from('a@example.com\n'.repeat(200));
		assert.equal(
			problem([text.subarray(0, 10), text.subarray(10), Buffer.from([0])], ['email']),
			'notText',
		);
		assert.equal(problem([Buffer.alloc(SNIFF_BYTES, 'a'), Buffer.from([0])], ['email']), undefined);
		assert.equal(problem([Buffer.from('jane@example.com\n')]), 'noHeader');
		assert.equal(problem([Buffer.from('\n\r\n   \n')]), 'noHeader');
		assert.equal(problem([Buffer.from('\n\r\n   \n')], ['gaid']), undefined);
		assert.equal(problem([Buffer.from('EMAIL\n"a@x.com\n')]), 'unclosedQuote');
	});

	it('finds the header only after blank lines, wherever the chunks end', () => {
		const parsed = readCustomerFile(
			[
				Buffer.from('\r'),
				Buffer.from('\nPho'),
				Buffer.from('ne Number,x\r'),
				Buffer.from('\n1 650 555 0100'),
			],
			['email'],
		);
		assert.deepEqual(parsed, {
			types: ['phone'],
			md5DigestColumns: [false],
			delimiter: ',',
			rows: [['1 650 555 0100']],
		});
	});
});
