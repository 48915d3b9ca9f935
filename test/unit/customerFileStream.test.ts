// The streamed customer-file reader must read every file exactly as the whole-file parser does,
// however the bytes arrive: fast-check generates files and cuts them into arbitrary chunks.
import fc from 'fast-check';

import { parseCustomerFile } from '../../nodes/TikTokForBusiness/customerFile/parse';
import {
	CustomerFileError,
	CustomerFileReader,
	readCustomerFileChunks,
	SNIFF_BYTES,
} from '../../nodes/TikTokForBusiness/customerFile/stream';
import type { IdentifierType } from '../../nodes/TikTokForBusiness/customerFile/types';
import { assert, describe, it } from '../support/testing';

const RUNS = { numRuns: 500 };

/** `bytes` cut at the given offsets (sorted, deduplicated, within bounds). */
function cut(bytes: Buffer, offsets: number[]): Buffer[] {
	const points = [...new Set(offsets.map((offset) => offset % (bytes.length + 1)))].sort(
		(a, b) => a - b,
	);
	const chunks: Buffer[] = [];
	let start = 0;
	for (const point of points) {
		chunks.push(bytes.subarray(start, point));
		start = point;
	}
	chunks.push(bytes.subarray(start));
	return chunks;
}

function outcome(run: () => unknown): unknown {
	try {
		return { ok: run() };
	} catch (error) {
		return { error: (error as Error).message };
	}
}

// Pieces that exercise what the parser handles: line breaks of every kind, quotes, commas,
// headers, blanks, multi-byte characters and invalid UTF-8.
const piece = fc.constantFrom(
	'\n',
	'\r\n',
	'\r',
	',',
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

describe('CustomerFileReader', () => {
	it('reads any chunking of a file as parseCustomerFile reads the whole file', () => {
		fc.assert(
			fc.property(
				fileBytes,
				fc.array(fc.nat(), { maxLength: 20 }),
				declared,
				(bytes, offsets, types) => {
					const whole = outcome(() => parseCustomerFile(bytes, types));
					const streamed = outcome(() => readCustomerFileChunks(cut(bytes, offsets), types));
					assert.deepEqual(streamed, whole);
				},
			),
			RUNS,
		);
	});

	it('reads large files chunk by chunk, with lines that span chunks', () => {
		const rows = Array.from({ length: 20_000 }, (_value, index) => `user${index}@example.com`);
		const bytes = Buffer.from(
			`\ufeffEMAIL,city\r\n${rows.map((row) => `${row},Paris`).join('\r\n')}`,
		);
		const parsed = readCustomerFileChunks(cut(bytes, [7, 4096, 4097, 65_536, 100_003]));
		assert.deepEqual(parsed.types, ['email']);
		assert.deepEqual(
			parsed.rows.map(([email]) => email),
			rows,
		);
	});

	it('reads large chunks in pieces as the whole-file parser does, whatever the line breaks', () => {
		const long = `${'ü'.repeat(40_000)}@example.com`;
		const rows = Array.from({ length: 8000 }, (_value, index) =>
			index === 3000 ? long : `Zoë${index}@exämple.com`,
		);
		for (const breakBytes of ['\n', '\r\n', '\r']) {
			const text = `EMAIL${breakBytes}${rows.join(breakBytes)}`;
			const parsed = readCustomerFileChunks([Buffer.from(text)]);
			assert.deepEqual(parsed.rows, parseCustomerFile(text, undefined).rows, breakBytes);
			assert.equal(parsed.rows.length, rows.length);
		}
	});

	it('keeps only the unfinished line between chunks', () => {
		let rows = 0;
		const reader = new CustomerFileReader(
			['email'],
			() => undefined,
			() => rows++,
		);
		const line = Buffer.from('someone@example.com\n'.repeat(1000));
		for (let chunk = 0; chunk < 100; chunk++) reader.push(line);
		assert.equal(rows, 100_000);
		assert.equal(reader.bytesRead, line.length * 100);
		reader.end();
	});

	it('refuses empty files, binary files and files that name no columns', () => {
		const problem = (chunks: Buffer[], types?: IdentifierType[]) => {
			try {
				readCustomerFileChunks(chunks, types);
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
	});

	it('finds the header only after blank lines, wherever the chunks end', () => {
		const parsed = readCustomerFileChunks(
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
			rows: [['1 650 555 0100']],
		});
	});
});
