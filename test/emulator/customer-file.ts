import { invalidParameter, ApiError, ERROR_CODE } from './errors';

/** `calculate_type` values accepted by the upload endpoint (spec enum). */
export const CALCULATE_TYPES = [
	'EMAIL_SHA256',
	'PHONE_SHA256',
	'IDFA_SHA256',
	'IDFA_MD5',
	'GAID_SHA256',
	'GAID_MD5',
	'FIRST_SHA256',
	'FIRST_MD5',
	'MAID_SHA256',
	'MAID_MD5',
	'MULTIPLE_TYPES',
] as const;

export type CalculateType = (typeof CALCULATE_TYPES)[number];

/** Column types a header row may name (every calculate_type except MULTIPLE_TYPES). */
export const COLUMN_TYPES = CALCULATE_TYPES.filter((type) => type !== 'MULTIPLE_TYPES');

/** A MULTIPLE_TYPES header may name the same ID type this many times (Help Center rule). */
export const MAX_REPEATS_PER_COLUMN_TYPE = 3;

const SHA256_DIGEST = /^[0-9a-f]{64}$/;
const MD5_DIGEST = /^[0-9a-f]{32}$/;
const ANY_DIGEST = /^(?:[0-9a-f]{32}|[0-9a-f]{64})$/;

/** MAID_* and FIRST_* are the same encryption type under two names (same numeric value). */
export function canonicalCalculateType(type: string): string {
	return type.replace(/^MAID_/, 'FIRST_');
}

export function sameCalculateType(left: string, right: string): boolean {
	return canonicalCalculateType(left) === canonicalCalculateType(right);
}

function digestPattern(columnType: string): RegExp {
	return columnType.endsWith('_MD5') ? MD5_DIGEST : SHA256_DIGEST;
}

function describeDigest(columnType: string): string {
	return columnType.endsWith('_MD5')
		? 'a lower-case hex MD5 digest (32 characters)'
		: 'a lower-case hex SHA-256 digest (64 characters)';
}

export interface ParsedCustomerFile {
	/** Column types, from the header row or implied by calculate_type. */
	columns: string[];
	hasHeader: boolean;
	/** Data rows (non-blank lines after the header). */
	rows: number;
	/** Distinct digests found in the file. */
	digests: Set<string>;
}

function badLine(lineNumber: number, problem: string): ApiError {
	return invalidParameter(`file: line ${lineNumber}: ${problem}`);
}

function preview(cell: string): string {
	return JSON.stringify(cell.length > 40 ? `${cell.slice(0, 37)}...` : cell);
}

function parseHeader(cells: string[], calculateType: string, lineNumber: number): string[] {
	const columns = cells.map((cell) => cell.trim().toUpperCase());
	const known = new Set<string>(COLUMN_TYPES);
	for (const [index, column] of columns.entries()) {
		if (!known.has(column)) {
			throw badLine(
				lineNumber,
				`${preview(cells[index].trim())} is neither ${describeDigest(calculateType)} nor a known ID type header (${COLUMN_TYPES.join(', ')})`,
			);
		}
	}
	if (calculateType === 'MULTIPLE_TYPES') {
		const counts = new Map<string, number>();
		for (const column of columns) {
			const count = (counts.get(column) ?? 0) + 1;
			counts.set(column, count);
			if (count > MAX_REPEATS_PER_COLUMN_TYPE) {
				throw badLine(
					lineNumber,
					`header ${column} appears ${count} times; at most ${MAX_REPEATS_PER_COLUMN_TYPE} are allowed`,
				);
			}
		}
		return columns;
	}
	if (columns.length !== 1) {
		throw badLine(
			lineNumber,
			`a ${calculateType} file has one column, but the header names ${columns.length}`,
		);
	}
	// Strict reading (FACTS §10): the header must name the file's own encryption type. MAID_* and
	// FIRST_* share one enum value in dmp_custom_audience_file_upload.yml, so they count as one;
	// IDFA_*/GAID_* have values of their own and do not fit a FIRST_*/MAID_* file.
	if (!sameCalculateType(columns[0], calculateType)) {
		throw badLine(
			lineNumber,
			`header ${columns[0]} does not match calculate_type ${calculateType}`,
		);
	}
	return columns;
}

/**
 * Parses a customer file: an optional header row (recognised because its first cell is not a
 * digest), then one row per line. Every non-empty cell must be a digest of its column's type.
 * Throws ApiError 40906 when there are no data rows and 40002 naming the first bad line.
 */
export function parseCustomerFile(bytes: Buffer, calculateType: string): ParsedCustomerFile {
	let text = bytes.toString('utf8');
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	const lines = text.split('\n');
	const multipleTypes = calculateType === 'MULTIPLE_TYPES';

	let lineIndex = 0;
	while (lineIndex < lines.length && lines[lineIndex].trim() === '') lineIndex++;
	const firstLine = (lines[lineIndex] ?? '').trim();
	const firstCell = firstLine.split(',')[0].trim();
	const hasHeader = firstLine !== '' && !ANY_DIGEST.test(firstCell);

	let columns: string[];
	if (hasHeader) {
		columns = parseHeader(firstLine.split(','), calculateType, lineIndex + 1);
		lineIndex++;
	} else if (multipleTypes) {
		throw badLine(
			lineIndex + 1,
			'a MULTIPLE_TYPES file must start with a header row naming the ID type of each column',
		);
	} else {
		columns = [calculateType];
	}

	const patterns = columns.map(digestPattern);
	const digests = new Set<string>();
	let rows = 0;
	for (; lineIndex < lines.length; lineIndex++) {
		const line = lines[lineIndex].trim();
		if (line === '') continue;
		rows++;
		const lineNumber = lineIndex + 1;
		if (!multipleTypes) {
			if (!patterns[0].test(line)) {
				throw badLine(lineNumber, `${preview(line)} is not ${describeDigest(columns[0])}`);
			}
			digests.add(line);
			continue;
		}
		const cells = line.split(',');
		if (cells.length > columns.length) {
			throw badLine(
				lineNumber,
				`has ${cells.length} cells but the header names ${columns.length} columns`,
			);
		}
		for (let column = 0; column < cells.length; column++) {
			const cell = cells[column].trim();
			if (cell === '') continue;
			if (!patterns[column].test(cell)) {
				throw badLine(
					lineNumber,
					`column ${column + 1} (${columns[column]}): ${preview(cell)} is not ${describeDigest(columns[column])}`,
				);
			}
			digests.add(cell);
		}
	}
	if (rows === 0) {
		throw new ApiError(ERROR_CODE.fileEmpty, 'The file is empty: it has no data rows.');
	}
	return { columns, hasHeader, rows, digests };
}
