import { createHash } from 'crypto';

import type { CalculateType } from '../transport/types';
import { calculateTypeFor, columnHeader, IDENTIFIER_TYPES } from './columns';
import { hashAlgorithmFor, normaliseCountryCode, prepareIdentifier } from './identifiers';
import { hashBytes, RowIndex } from './rowIndex';
import type { DropReason, IdentifierType, NormaliseOptions, PreparedIdentifier } from './types';

export type { CalculateType };
export { calculateTypeFor, columnHeader };

export interface CustomerFileBuilderOptions extends NormaliseOptions {
	/** One column per entry, in this order; `addRow` values are aligned with it. */
	types: IdentifierType[];
	/**
	 * Mobile ID columns declared to hold MD5 digests, aligned with `types` (e.g. from a file
	 * header naming MAID_MD5): `mobileIdsAreMd5Digests` for that column alone.
	 */
	md5DigestColumns?: boolean[];
	/** Accepted rows per file; a new file starts after this many. */
	rowsPerFile: number;
	/** How many rows are coming, if known: the file's bytes are reserved once instead of grown. */
	expectedRows?: number;
	/** Bytes kept free before and after each file's content, for `CustomerFile.wrap`. */
	spareAround?: number;
	fileNamePrefix: string;
}

export interface CustomerFile {
	fileName: string;
	content: Buffer;
	/** Hex MD5 of `content`, TikTok's `file_signature`. */
	md5: string;
	rows: number;
	/**
	 * `before`, the content and `after` as one buffer, e.g. a multipart request body. Written in
	 * room kept around the content when there is enough (see `spareAround`), so large files are
	 * not copied again.
	 */
	wrap(before: Buffer, after: Buffer): Buffer;
}

export interface CustomerFileSummary {
	calculateType: CalculateType;
	rowsReceived: number;
	rowsAccepted: number;
	rowsDropped: number;
	/** Dropped rows, each counted once: by its first identifier's reason, or as a duplicate. */
	droppedByReason: Partial<Record<DropReason, number>>;
	/** Invalid or blank identifiers left empty in rows that were kept. */
	identifiersDropped: Partial<Record<DropReason, number>>;
	files: CustomerFile[];
}

function increment(counts: Partial<Record<DropReason, number>>, reason: DropReason): void {
	counts[reason] = (counts[reason] ?? 0) + 1;
}

const NEWLINE = 10;
const COMMA = 44;

function digestLength(type: IdentifierType, options: NormaliseOptions): number {
	return hashAlgorithmFor(type, options) === 'md5' ? 32 : 64;
}

// More rows than this only grow the duplicate index as they come.
const MAX_EXPECTED_ROWS_RESERVED = 10_000_000;

/** A finished file: its bytes live in `storage`, between the room kept on either side. */
class StoredCustomerFile implements CustomerFile {
	readonly content: Buffer;

	readonly md5: string;

	constructor(
		readonly fileName: string,
		readonly storage: Buffer,
		private readonly start: number,
		private readonly end: number,
		readonly rows: number,
	) {
		this.content = storage.subarray(start, end);
		this.md5 = createHash('md5').update(this.content).digest('hex');
	}

	wrap(before: Buffer, after: Buffer): Buffer {
		const from = this.start - before.length;
		const to = this.end + after.length;
		if (from < 0 || to > this.storage.length) return Buffer.concat([before, this.content, after]);
		before.copy(this.storage, from);
		after.copy(this.storage, this.end);
		return this.storage.subarray(from, to);
	}
}

/**
 * Turns rows of raw identifiers into TikTok customer files: each identifier is normalised and
 * hashed, rows without any usable identifier and repeated rows are dropped and counted, and a new
 * file is started every `rowsPerFile` accepted rows. Rows are written straight into each file's
 * bytes, so a large list is held once, not as strings plus a file.
 */
export class CustomerFileBuilder {
	private readonly options: CustomerFileBuilderOptions;

	/** How each column's identifiers are normalised. */
	private readonly columnOptions: NormaliseOptions[];

	private readonly calculateType: CalculateType;

	private readonly header: Buffer;

	/** The longest a row can be: every digest present, commas, newline. */
	private readonly maxRowLength: number;

	/** Accepted rows by hash; a location is file index × 2^32 + byte offset in that file. */
	private rowIndex: RowIndex;

	private readonly spareAround: number;

	private buffer: Buffer;

	private used = 0;

	private rowsInFile = 0;

	private readonly files: StoredCustomerFile[] = [];

	private readonly droppedByReason: Partial<Record<DropReason, number>> = {};

	private readonly identifiersDropped: Partial<Record<DropReason, number>> = {};

	private rowsReceived = 0;

	private rowsAccepted = 0;

	private summary: CustomerFileSummary | undefined;

	constructor(options: CustomerFileBuilderOptions) {
		for (const type of options.types) {
			if (!IDENTIFIER_TYPES.includes(type)) throw new Error(`Unknown identifier type "${type}"`);
		}
		if (!Number.isInteger(options.rowsPerFile) || options.rowsPerFile < 1) {
			throw new Error(
				`Rows per file must be a whole number of at least 1, not ${options.rowsPerFile}`,
			);
		}
		const countryCode = options.defaultCountryCode;
		if (
			countryCode !== undefined &&
			countryCode.trim() !== '' &&
			normaliseCountryCode(countryCode) === undefined
		) {
			throw new Error(
				`Default country code "${countryCode}" is not a country calling code: use its digits, such as 1, 44 or 49`,
			);
		}
		this.options = { ...options, types: [...options.types] };
		this.columnOptions = this.options.types.map((_type, column) =>
			options.md5DigestColumns?.[column] === true
				? { ...this.options, mobileIdsAreMd5Digests: true }
				: this.options,
		);
		this.calculateType = calculateTypeFor(this.options.types, this.options);
		this.header = Buffer.from(
			`${this.options.types.map((type) => columnHeader(type, this.options)).join(',')}\n`,
			'latin1',
		);
		this.maxRowLength = this.options.types.reduce(
			(sum, type) => sum + digestLength(type, this.options) + 1,
			0,
		);
		this.spareAround = Math.max(0, Math.floor(options.spareAround ?? 0));
		this.rowIndex = new RowIndex(Math.min(options.expectedRows ?? 0, MAX_EXPECTED_ROWS_RESERVED));
		this.buffer = this.newFileBuffer();
	}

	/** Add one row; `values[i]` is an identifier of type `types[i]` (missing values are blank). */
	addRow(values: unknown[]): void {
		if (this.summary !== undefined) throw new Error('The customer files are already finished');
		this.rowsReceived++;

		const { types } = this.options;
		const prepared: PreparedIdentifier[] = new Array<PreparedIdentifier>(types.length);
		let anyValid = false;
		for (let column = 0; column < types.length; column++) {
			const result = prepareIdentifier(types[column], values[column], this.columnOptions[column]);
			prepared[column] = result;
			if (result.ok) anyValid = true;
		}

		if (!anyValid) {
			const first = prepared[0];
			if (!first.ok) increment(this.droppedByReason, first.reason);
			return;
		}

		// Write the row after the last accepted one; it only counts once the offset moves on.
		this.ensureRoom();
		const start = this.used;
		let end = start;
		for (let column = 0; column < prepared.length; column++) {
			const result = prepared[column];
			if (column > 0) this.buffer[end++] = COMMA;
			if (result.ok) end += this.buffer.write(result.digest, end, 'latin1');
		}
		this.buffer[end++] = NEWLINE;

		if (this.isDuplicate(start, end)) {
			increment(this.droppedByReason, 'duplicate');
			return;
		}
		for (const result of prepared) {
			if (!result.ok) increment(this.identifiersDropped, result.reason);
		}
		this.used = end;
		this.rowsAccepted++;
		this.rowsInFile++;
		if (this.rowsInFile >= this.options.rowsPerFile) this.closeCurrentFile();
	}

	/** Close the last file and report; the builder accepts no rows afterwards. */
	finish(): CustomerFileSummary {
		if (this.summary === undefined) {
			this.closeCurrentFile();
			this.buffer = Buffer.alloc(0);
			this.rowIndex = new RowIndex();
			this.summary = {
				calculateType: this.calculateType,
				rowsReceived: this.rowsReceived,
				rowsAccepted: this.rowsAccepted,
				rowsDropped: this.rowsReceived - this.rowsAccepted,
				droppedByReason: { ...this.droppedByReason },
				identifiersDropped: { ...this.identifiersDropped },
				files: this.files,
			};
		}
		return this.summary;
	}

	/** Whether the row just written at start…end repeats an accepted row; if not, remembers it. */
	private isDuplicate(start: number, end: number): boolean {
		const length = end - start;
		const fileIndex = this.files.length;
		return this.rowIndex.addUnlessPresent(
			hashBytes(this.buffer, start, end),
			fileIndex * 2 ** 32 + start,
			(earlier) => {
				const earlierFile = Math.floor(earlier / 2 ** 32);
				const offset = earlier % 2 ** 32;
				const bytes = earlierFile === fileIndex ? this.buffer : this.files[earlierFile].storage;
				return bytes.compare(this.buffer, start, end, offset, offset + length) === 0;
			},
		);
	}

	private newFileBuffer(): Buffer {
		const rows = Math.min(this.options.rowsPerFile, this.options.expectedRows ?? 1024);
		const buffer = Buffer.allocUnsafe(
			this.spareAround * 2 + this.header.length + Math.max(1, rows) * this.maxRowLength,
		);
		this.used = this.spareAround + this.header.copy(buffer, this.spareAround);
		this.rowsInFile = 0;
		return buffer;
	}

	/** Grows the file buffer when more rows arrive than expected. */
	private ensureRoom(): void {
		if (this.used + this.maxRowLength + this.spareAround <= this.buffer.length) return;
		const larger = Buffer.allocUnsafe(
			Math.max(this.buffer.length * 2, this.used + this.maxRowLength + this.spareAround),
		);
		this.buffer.copy(larger, 0, 0, this.used);
		this.buffer = larger;
	}

	private closeCurrentFile(): void {
		if (this.rowsInFile === 0) return;
		// Rows with missing identifiers leave unused room: copy the file only when a lot is unused,
		// so it never holds much more memory than its size, nor is copied without need.
		const unused = this.buffer.length - this.used - this.spareAround;
		const storage =
			unused > this.buffer.length / 8
				? Buffer.from(this.buffer.subarray(0, this.used + this.spareAround))
				: this.buffer;
		this.files.push(
			new StoredCustomerFile(
				`${this.options.fileNamePrefix}-${this.files.length + 1}.csv`,
				storage,
				this.spareAround,
				this.used,
				this.rowsInFile,
			),
		);
		this.buffer = this.newFileBuffer();
	}
}
