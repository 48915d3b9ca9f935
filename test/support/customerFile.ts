// Whole customer files read through the node's streaming reader, and generated CSV files, for tests.
import type { Options as CsvParseOptions } from 'csv-parse/sync';
import fc from 'fast-check';

import {
	CustomerFileBuilder,
	type CustomerFileBuilderOptions,
	type CustomerFileSummary,
} from '../../nodes/TikTokForBusiness/customerFile/builder';
import type { CsvDelimiter } from '../../nodes/TikTokForBusiness/customerFile/csv';
import type { CustomerFileColumns } from '../../nodes/TikTokForBusiness/customerFile/parse';
import { CustomerFileReader } from '../../nodes/TikTokForBusiness/customerFile/stream';
import type { IdentifierType } from '../../nodes/TikTokForBusiness/customerFile/types';
import { assert } from './testing';

export interface ReadCustomerFile extends CustomerFileColumns {
	rows: string[][];
}

/**
 * Reads a customer file given whole (text is encoded as UTF-8) or as chunks, with the declared
 * types of a file without a header row and, optionally, its delimiter.
 */
export function readCustomerFile(
	content: string | Uint8Array | Iterable<Uint8Array>,
	declaredTypes?: IdentifierType[],
	delimiter?: CsvDelimiter,
): ReadCustomerFile {
	const chunks =
		typeof content === 'string'
			? [Buffer.from(content, 'utf8')]
			: content instanceof Uint8Array
				? [content]
				: content;
	let columns: CustomerFileColumns | undefined;
	const rows: string[][] = [];
	const reader = new CustomerFileReader({
		declaredTypes,
		delimiter,
		onColumns: (found) => (columns = found),
		onRow: (row) => rows.push(row),
	});
	for (const chunk of chunks) reader.push(chunk);
	reader.end();
	if (columns === undefined) throw new Error('The reader ended without columns');
	return { ...columns, rows };
}

/** `bytes` cut at the given offsets (taken modulo its length + 1, sorted, deduplicated). */
export function cutAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
	const points = [...new Set(offsets.map((offset) => offset % (bytes.length + 1)))].sort(
		(a, b) => a - b,
	);
	const chunks: Uint8Array[] = [];
	let start = 0;
	for (const point of points) {
		chunks.push(bytes.subarray(start, point));
		start = point;
	}
	chunks.push(bytes.subarray(start));
	return chunks;
}

/** `text` cut at the given offsets (taken modulo its length + 1). */
export function cutText(text: string, offsets: readonly number[]): string[] {
	const points = [...new Set(offsets.map((offset) => offset % (text.length + 1)))].sort(
		(a, b) => a - b,
	);
	return [...points, text.length].map((point, index) => text.slice(points[index - 1] ?? 0, point));
}

/**
 * csv-parse's reading of a customer file: records may have any number of fields, records whose
 * fields are all blank are skipped, a quote inside an unquoted field is a character, and any of
 * CRLF, LF and CR ends a record. `delimiter` is added per file.
 */
export const CSV_PARSE_OPTIONS: Readonly<CsvParseOptions> = {
	bom: true,
	relax_column_count: true,
	relax_quotes: true,
	skip_records_with_empty_values: true,
	record_delimiter: ['\r\n', '\n', '\r'],
};

/** Spaces, and tabs unless they delimit: ignored around a quoted field, where csv-parse keeps them. */
const padding = (delimiter: CsvDelimiter) => (delimiter === '\t' ? /^ */ : /^[ \t]*/);

function fieldArbitrary(delimiter: CsvDelimiter): fc.Arbitrary<string> {
	const otherDelimiters = [',', ';', '\t'].filter((other) => other !== delimiter);
	const unquoted = fc
		.array(
			fc.constantFrom('a', 'B', '7', '@', ' ', 'é', '日', '😀', '\u00a0', '"', ...otherDelimiters),
			{
				maxLength: 5,
			},
		)
		.map((chars) => chars.join(''))
		// A quote after padding opens a quoted field here (csv-parse reads it as characters).
		.filter((value) => value.replace(padding(delimiter), '')[0] !== '"');
	// Text after a closing quote makes the field literal; padding alone is ignored here.
	const afterQuote = unquoted.filter(
		(value) => value[0] !== '"' && value.replace(padding(delimiter), '') !== '',
	);
	const quoted = fc
		.tuple(
			fc.array(fc.constantFrom('a', ' ', '"', '\r', '\n', '\r\n', delimiter, 'é', '😀'), {
				maxLength: 6,
			}),
			fc.option(afterQuote, { freq: 4 }),
		)
		.map(([chars, after]) => `"${chars.join('').replace(/"/g, '""')}"${after ?? ''}`);
	return fc.oneof(unquoted, quoted);
}

/**
 * CSV files that csv-parse with CSV_PARSE_OPTIONS reads as RFC 4180 prescribes, in each
 * delimiter: quoted fields with delimiters, "" and line breaks, literal quotes, blank fields and
 * records, mixed line breaks, with or without a final line break. No header row can appear.
 */
export const csvFile: fc.Arbitrary<{ text: string; delimiter: CsvDelimiter }> = fc
	.constantFrom<CsvDelimiter>(',', ';', '\t')
	.chain((delimiter) =>
		fc
			.tuple(
				fc.array(
					fc.tuple(
						fc.array(fieldArbitrary(delimiter), { minLength: 1, maxLength: 4 }),
						fc.constantFrom('\n', '\r\n', '\r'),
					),
					{ maxLength: 8 },
				),
				fc.boolean(),
			)
			.map(([records, finalLineBreak]) => {
				const lines = records.map(([fields, lineBreak]) => fields.join(delimiter) + lineBreak);
				const text = lines.join('');
				const last = records.at(-1)?.[1] ?? '';
				return {
					text: finalLineBreak ? text : text.slice(0, text.length - last.length),
					delimiter,
				};
			}),
	);

/** Customer files built from `rows` with test defaults (1,000 rows a file, prefix "audience"). */
export function buildFiles(
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

/** The lines of a customer file, checked to end each with a line feed and hold no CR. */
export function fileLines(content: Buffer): string[] {
	const text = content.toString('utf8');
	assert.ok(text.endsWith('\n'), 'each line ends with \\n');
	assert.ok(!text.includes('\r'), 'no carriage returns');
	return text.slice(0, -1).split('\n');
}
