import { calculateTypeFor, columnHeader, IDENTIFIER_TYPES, type CalculateType } from './columns';
import { digestIdentifier, hashAlgorithmFor, normaliseCountryCode } from './identifiers';
import { FileMemory } from './fileMemory';
import { FingerprintSet, RowFingerprint } from './fingerprints';
import { StoredCustomerFile, type CustomerFile } from './storedFile';
import type { DroppedIdentifier, DropReason, IdentifierType, NormaliseOptions } from './types';


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
	/**
	 * Whether repeated rows are dropped (the default). Finding them keeps a fingerprint of every
	 * accepted row; without it memory does not grow with the list.
	 */
	removeDuplicates?: boolean;
	/** How many rows are coming, if known: fewer bytes are reserved than a full file's. */
	expectedRows?: number;
	/** Bytes kept free before and after each file's content, for `CustomerFile.wrap`. */
	spareAround?: number;
	fileNamePrefix: string;
	/**
	 * Receives each file as soon as it is complete; the builder then forgets it, so only the file
	 * being written is held. Without it, the files are kept and listed by `finish`.
	 */
	onFile?: (file: CustomerFile) => void;
	/** The most files the list may need: a row that would start one more throws `TooManyFilesError`. */
	maxFiles?: number;
}

/** Thrown by `addRow` when the accepted rows would need more than `maxFiles` files. */
export class TooManyFilesError extends Error {
	constructor(readonly maxFiles: number) {
		super(`The list needs more than ${maxFiles} files`);
	}
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
	/** How many files the accepted rows filled. */
	fileCount: number;
	/** The files, unless each went to `onFile` as it was completed. */
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

// More rows than this only grow the duplicate fingerprints as they come.
const MAX_EXPECTED_ROWS_RESERVED = 10_000_000;

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

	readonly calculateType: CalculateType;

	private readonly header: Buffer;

	/** The longest a row can be: every digest present, commas, newline. */
	private readonly maxRowLength: number;

	/** Fingerprints of the accepted rows: all that is kept of them to find repeats. */
	private fingerprints: FingerprintSet;

	private readonly fingerprint = new RowFingerprint();

	private readonly removeDuplicates: boolean;

	/** The current row's digests or drops, one per column; reused, so a row allocates no array. */
	private readonly rowDigests: Array<string | DroppedIdentifier>;

	private readonly spareAround: number;

	/** The buffers files are written in; a file's buffer is taken with its first row. */
	private readonly memory = new FileMemory();

	private used = 0;

	private rowsInFile = 0;

	private readonly files: StoredCustomerFile[] = [];

	private fileCount = 0;

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
		this.rowDigests = this.options.types.map(() => '');
		this.removeDuplicates = options.removeDuplicates !== false;
		this.fingerprints = new FingerprintSet(
			this.removeDuplicates ? Math.min(options.expectedRows ?? 0, MAX_EXPECTED_ROWS_RESERVED) : 0,
		);
	}

	/** Add one row; `values[i]` is an identifier of type `types[i]` (missing values are blank). */
	addRow(values: unknown[]): void {
		if (this.summary !== undefined) throw new Error('The customer files are already finished');
		this.rowsReceived++;

		const { types } = this.options;
		const digests = this.rowDigests;
		let anyValid = false;
		for (let column = 0; column < types.length; column++) {
			const result = digestIdentifier(types[column], values[column], this.columnOptions[column]);
			digests[column] = result;
			if (typeof result === 'string') anyValid = true;
		}

		if (!anyValid) {
			increment(this.droppedByReason, (digests[0] as DroppedIdentifier).reason);
			return;
		}

		// Write the row after the last accepted one; it only counts once the offset moves on.
		const buffer = this.ensureRoom();
		// Without the duplicate check, no fingerprint is worked out either.
		const fingerprint = this.removeDuplicates ? this.fingerprint : undefined;
		fingerprint?.reset();
		let end = this.used;
		for (let column = 0; column < types.length; column++) {
			const result = digests[column];
			if (column > 0) buffer[end++] = COMMA;
			if (typeof result === 'string') {
				const written = buffer.write(result, end, 'latin1');
				fingerprint?.addDigest(buffer, end, column);
				end += written;
			} else {
				fingerprint?.addBlank(column);
			}
		}
		buffer[end++] = NEWLINE;

		if (fingerprint !== undefined && this.fingerprints.add(fingerprint.high, fingerprint.low)) {
			increment(this.droppedByReason, 'duplicate');
			return;
		}
		const { maxFiles } = this.options;
		if (this.rowsInFile === 0 && maxFiles !== undefined && this.fileCount >= maxFiles) {
			throw new TooManyFilesError(maxFiles);
		}
		for (let column = 0; column < types.length; column++) {
			const result = digests[column];
			if (typeof result !== 'string') increment(this.identifiersDropped, result.reason);
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
			this.memory.close();
			this.fingerprints = new FingerprintSet();
			this.summary = {
				calculateType: this.calculateType,
				rowsReceived: this.rowsReceived,
				rowsAccepted: this.rowsAccepted,
				rowsDropped: this.rowsReceived - this.rowsAccepted,
				droppedByReason: { ...this.droppedByReason },
				identifiersDropped: { ...this.identifiersDropped },
				fileCount: this.fileCount,
				files: this.files,
			};
		}
		return this.summary;
	}

	/** Room for one more row: the file is allocated with its first row, and grown as needed. */
	private ensureRoom(): Buffer {
		const buffer = this.memory.current;
		if (buffer === undefined) {
			// Without a row count, room for a full file: uninitialised memory takes no RAM until
			// written, and growing by doubling would copy each file about twice.
			const rows = Math.min(this.options.rowsPerFile, this.options.expectedRows ?? Infinity);
			const started = this.memory.start(this.bytesFor(Math.max(1, rows)));
			this.used = this.spareAround + this.header.copy(started, this.spareAround);
			this.rowsInFile = 0;
			return started;
		}
		const needed = this.used + this.maxRowLength + this.spareAround;
		if (needed <= buffer.length) return buffer;
		// Doubling, but never past what a full file can need.
		const fullFile = this.bytesFor(this.options.rowsPerFile);
		return this.memory.grow(Math.max(Math.min(buffer.length * 2, fullFile), needed), this.used);
	}

	/** The bytes of a file of `rows` rows of the longest kind, with the room around it. */
	private bytesFor(rows: number): number {
		return this.spareAround * 2 + this.header.length + rows * this.maxRowLength;
	}

	private closeCurrentFile(): void {
		const buffer = this.memory.current;
		if (buffer === undefined || this.rowsInFile === 0) return;
		this.memory.finishFile();
		// Rows with missing identifiers leave unused room: copy the file only when a lot is unused,
		// so it never holds much more memory than its size, nor is copied without need.
		const unused = buffer.length - this.used - this.spareAround;
		const compact = unused > buffer.length / 8;
		const storage = compact
			? Buffer.from(buffer.subarray(0, this.used + this.spareAround))
			: buffer;
		if (compact && this.options.onFile !== undefined) this.memory.handBack(buffer, this.used);
		this.fileCount++;
		const file = new StoredCustomerFile(
			`${this.options.fileNamePrefix}-${this.fileCount}.csv`,
			storage,
			this.spareAround,
			this.used,
			this.rowsInFile,
			(released) => this.memory.handBack(released, this.used),
		);
		if (this.options.onFile === undefined) this.files.push(file);
		else this.options.onFile(file);
	}
}
