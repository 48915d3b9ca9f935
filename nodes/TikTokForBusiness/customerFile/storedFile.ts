import { createHash } from 'crypto';

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
	/**
	 * Hands the file's memory back for the next file, once the file is no longer needed (e.g.
	 * uploaded): reusing it beats waiting for the garbage collector to free tens of MB.
	 */
	release?(): void;
}

/** A finished file: its bytes live in `storage`, between the room kept on either side. */
export class StoredCustomerFile implements CustomerFile {
	readonly content: Buffer;

	readonly md5: string;

	constructor(
		readonly fileName: string,
		readonly storage: Buffer,
		private readonly start: number,
		private readonly end: number,
		readonly rows: number,
		private readonly onRelease?: (storage: Buffer) => void,
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

	release(): void {
		this.onRelease?.(this.storage);
	}
}
