import { CustomerFileError } from './fileError';
import { CustomerFileText, type CustomerFileReaderOptions } from './parse';

export type { CustomerFileColumns } from './parse';

// Reads a customer file chunk by chunk, so a file of any size is never held whole, nor as one
// string (V8 strings stop near 512 MiB; TikTok takes files up to 1 GB).

// Bytes that no CSV or TXT file contains: NUL, and the start of ZIP (xlsx) and PDF files.
const BINARY_SIGNATURES = [Buffer.from('PK\u0003\u0004'), Buffer.from('%PDF')];

/** How much of the start of a file is checked for signs of a binary file. */
const SNIFF_BYTES = 4096;

/** Well under V8's 128 kB limit for objects that start in the young generation. */
const TEXT_WINDOW = 32 * 1024;

function looksBinary(head: Buffer): boolean {
	if (BINARY_SIGNATURES.some((signature) => head.subarray(0, signature.length).equals(signature))) {
		return true;
	}
	return head.subarray(0, SNIFF_BYTES).includes(0);
}

const isContinuation = (byte: number) => (byte & 0xc0) === 0x80;

/** The bytes of a UTF-8 sequence that starts with `lead` (1 for a byte that starts none). */
function sequenceLength(lead: number): number {
	if (lead >= 0xf8) return 1;
	if (lead >= 0xf0) return 4;
	if (lead >= 0xe0) return 3;
	return lead >= 0xc0 ? 2 : 1;
}

/** How many of the last bytes of bytes[start…end) begin a UTF-8 sequence that goes on after it. */
function unfinishedSequence(bytes: Uint8Array, start: number, end: number): number {
	for (let back = 1; back <= 3 && back <= end - start; back++) {
		const byte = bytes[end - back];
		if (!isContinuation(byte)) return sequenceLength(byte) > back ? back : 0;
	}
	return 0;
}

/**
 * Turns the chunks of a customer file into its columns and rows. Bytes are decoded in windows cut
 * between UTF-8 sequences, so each window decodes on its own exactly as within the whole file;
 * the few bytes of a sequence cut by a chunk's end wait for the next chunk.
 */
export class CustomerFileReader {
	private readonly text: CustomerFileText;

	private pending: Buffer[] = [];

	private pendingBytes = 0;

	/** The start of a UTF-8 sequence that the next chunk completes. */
	private unfinished: Buffer | undefined;

	private totalBytes = 0;

	private checked = false;

	private started = false;

	private ended = false;

	constructor(options: CustomerFileReaderOptions) {
		this.text = new CustomerFileText(options);
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
			this.pending.push(bytes);
			this.pendingBytes += bytes.length;
			if (this.pendingBytes < SNIFF_BYTES) return;
			this.decode(this.checkedHead());
			return;
		}
		this.decode(bytes);
	}

	/** Reads what is left; throws if the file was empty, names no columns or ends in a quote. */
	end(): void {
		if (this.ended) return;
		this.ended = true;
		if (this.totalBytes === 0) throw new CustomerFileError('empty', 'The file is empty');
		if (!this.checked) this.decode(this.checkedHead());
		if (this.unfinished !== undefined) this.read(this.unfinished.toString('utf8'));
		this.unfinished = undefined;
		this.text.end();
	}

	/** The bytes kept until the start of the file could be checked, once checked. */
	private checkedHead(): Buffer {
		this.checked = true;
		const head =
			this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
		this.pending = [];
		this.pendingBytes = 0;
		if (looksBinary(head)) throw new CustomerFileError('notText', 'The file is not a text file');
		return head;
	}

	/**
	 * Decodes and reads `bytes` a TEXT_WINDOW at a time: short strings die young, where a string per
	 * 1 MB chunk would go straight to V8's old generation and pile up there until a full garbage
	 * collection.
	 */
	private decode(bytes: Buffer): void {
		let start = 0;
		if (this.unfinished !== undefined) {
			start = this.finishSequence(this.unfinished, bytes);
			if (this.unfinished !== undefined) return;
		}
		const end = bytes.length - unfinishedSequence(bytes, start, bytes.length);
		while (start < end) {
			let stop = Math.min(end, start + TEXT_WINDOW);
			if (stop < end) stop -= unfinishedSequence(bytes, start, stop);
			this.read(bytes.toString('utf8', start, stop));
			start = stop;
		}
		// A copy: the few bytes kept must not hold on to the whole chunk.
		if (end < bytes.length) this.unfinished = Buffer.from(bytes.subarray(end));
	}

	/** Reads the sequence `unfinished` starts, with its rest from `bytes`; returns where it ends. */
	private finishSequence(unfinished: Buffer, bytes: Buffer): number {
		const missing = sequenceLength(unfinished[0]) - unfinished.length;
		let taken = 0;
		while (taken < missing && taken < bytes.length && isContinuation(bytes[taken])) taken++;
		if (taken === bytes.length && taken < missing) {
			this.unfinished = Buffer.concat([unfinished, bytes]);
			return taken;
		}
		this.unfinished = undefined;
		this.read(Buffer.concat([unfinished, bytes.subarray(0, taken)]).toString('utf8'));
		return taken;
	}

	private read(decoded: string): void {
		let text = decoded;
		if (!this.started) {
			this.started = true;
			if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
		}
		this.text.write(text);
	}
}
