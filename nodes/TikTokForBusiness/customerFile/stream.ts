import { CustomerFileLines, NO_HEADER_MESSAGE, type CustomerFileColumns } from './parse';
import type { IdentifierType } from './types';

// Reads a customer file chunk by chunk, so a file of any size is never held whole, nor as one
// string (V8 strings stop near 512 MiB; TikTok takes files up to 1 GB).

export type CustomerFileProblem = 'empty' | 'notText' | 'noHeader';

export class CustomerFileError extends Error {
	constructor(
		readonly problem: CustomerFileProblem,
		message: string,
	) {
		super(message);
	}
}

// Bytes that no CSV or TXT file contains: NUL, and the start of ZIP (xlsx) and PDF files.
const BINARY_SIGNATURES = [Buffer.from('PK\u0003\u0004'), Buffer.from('%PDF')];

/** How much of the start of a file is checked for signs of a binary file. */
export const SNIFF_BYTES = 4096;

const LF = 10;
/** Well under V8's 128 kB limit for objects that start in the young generation. */
const TEXT_WINDOW = 32 * 1024;
const CR = 13;

export function looksBinary(head: Buffer): boolean {
	if (BINARY_SIGNATURES.some((signature) => head.subarray(0, signature.length).equals(signature))) {
		return true;
	}
	return head.subarray(0, SNIFF_BYTES).includes(0);
}

function firstLineBreak(chunk: Uint8Array): number {
	for (let index = 0; index < chunk.length; index++) {
		if (chunk[index] === LF || chunk[index] === CR) return index;
	}
	return -1;
}

function lastLineBreak(chunk: Uint8Array): number {
	for (let index = chunk.length - 1; index >= 0; index--) {
		if (chunk[index] === LF || chunk[index] === CR) return index;
	}
	return -1;
}

/**
 * Turns the chunks of a customer file into its columns and rows, exactly as `parseCustomerFile`
 * reads the whole file. Lines are cut at line-break bytes, which never occur inside a UTF-8
 * sequence, so each piece decodes on its own; a CRLF cut between its two bytes only leaves a blank
 * line, and blank lines are skipped anyway. Only the unfinished last line is kept between chunks.
 */
export class CustomerFileReader {
	private readonly lines: CustomerFileLines;

	private pending: Buffer[] = [];

	private pendingBytes = 0;

	private totalBytes = 0;

	private checked = false;

	private started = false;

	private ended = false;

	constructor(
		declaredTypes: IdentifierType[] | undefined,
		onColumns: (columns: CustomerFileColumns) => void,
		onRow: (row: string[]) => void,
	) {
		this.lines = new CustomerFileLines(declaredTypes, onColumns, onRow);
	}

	get bytesRead(): number {
		return this.totalBytes;
	}

	push(chunk: Uint8Array): void {
		if (this.ended) throw new Error('The customer file has already ended');
		if (chunk.length === 0) return;
		const bytes = Buffer.isBuffer(chunk)
			? chunk
			: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
		this.totalBytes += bytes.length;
		if (!this.checked) {
			this.keep(bytes);
			if (this.pendingBytes < SNIFF_BYTES) return;
			this.check();
			this.readLines(this.takePending());
			return;
		}
		this.readLines(bytes);
	}

	/**
	 * Reads the complete lines of `bytes`, after the unfinished line kept from before, and keeps
	 * what follows the last line break. Only that unfinished line is copied, not the chunk.
	 */
	private readLines(bytes: Buffer): void {
		const cut = lastLineBreak(bytes);
		if (cut === -1) {
			this.keep(bytes);
			return;
		}
		let start = 0;
		if (this.pendingBytes > 0) {
			start = firstLineBreak(bytes);
			this.keep(bytes.subarray(0, start));
			const line = this.takePending();
			this.readText(line, 0, line.length);
		}
		this.readText(bytes, start, cut + 1);
		if (cut + 1 < bytes.length) this.keep(bytes.subarray(cut + 1));
	}

	private keep(bytes: Buffer): void {
		this.pending.push(bytes);
		this.pendingBytes += bytes.length;
	}

	/** Reads what is left; throws if the file was empty or names no columns. */
	end(): void {
		if (this.ended) return;
		this.ended = true;
		if (this.totalBytes === 0) throw new CustomerFileError('empty', 'The file is empty');
		if (!this.checked) this.check();
		const data = this.takePending();
		this.readText(data, 0, data.length);
		try {
			this.lines.end();
		} catch (error) {
			throw this.translate(error);
		}
	}

	private check(): void {
		this.checked = true;
		const head =
			this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
		if (looksBinary(head)) throw new CustomerFileError('notText', 'The file is not a text file');
	}

	private takePending(): Buffer {
		const data =
			this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
		this.pending = [];
		this.pendingBytes = 0;
		return data;
	}

	/**
	 * Decodes and reads the lines in start…end, a window of at most TEXT_WINDOW bytes at a time cut
	 * after a line break: short strings die young, where a string per 1 MB chunk would go straight
	 * to V8's old generation and pile up there until a full garbage collection.
	 */
	private readText(data: Buffer, start: number, end: number): void {
		while (start < end) {
			let stop = end;
			if (end - start > TEXT_WINDOW) {
				const last = start + TEXT_WINDOW - 1;
				let cut = data.lastIndexOf(LF, last);
				if (cut < start) cut = data.lastIndexOf(CR, last);
				if (cut >= start) stop = cut + 1;
			}
			this.readLinesOf(data.toString('utf8', start, stop));
			start = stop;
		}
	}

	private readLinesOf(decoded: string): void {
		let text = decoded;
		if (!this.started) {
			this.started = true;
			if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
		}
		try {
			for (const line of text.split(/\r\n|\n|\r/)) this.lines.add(line);
		} catch (error) {
			throw this.translate(error);
		}
	}

	private translate(error: unknown): unknown {
		return error instanceof Error && error.message === NO_HEADER_MESSAGE
			? new CustomerFileError('noHeader', NO_HEADER_MESSAGE)
			: error;
	}
}

/** Reads a whole customer file given as chunks; for tests and small files. */
export function readCustomerFileChunks(
	chunks: Iterable<Uint8Array>,
	declaredTypes?: IdentifierType[],
): { types: IdentifierType[]; md5DigestColumns: boolean[]; rows: string[][] } {
	let columns: CustomerFileColumns = { types: [], md5DigestColumns: [] };
	const rows: string[][] = [];
	const reader = new CustomerFileReader(
		declaredTypes,
		(found) => (columns = found),
		(row) => rows.push(row),
	);
	for (const chunk of chunks) reader.push(chunk);
	reader.end();
	return { types: columns.types, md5DigestColumns: columns.md5DigestColumns, rows };
}
