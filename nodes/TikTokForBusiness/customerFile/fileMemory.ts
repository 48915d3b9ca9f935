/**
 * The memory customer files are written in. Each file gets one buffer, and an uploaded file's
 * buffer comes back (`handBack`) for a later file: reusing tens of MB beats waiting for the
 * garbage collector to free them. Two buffers then serve every file, one being uploaded and one
 * being written.
 */
export class FileMemory {
	/** The buffer of the file being written, if one is. */
	private buffer: Buffer | undefined;

	/** A buffer handed back, kept for the next file. */
	private spare: Buffer | undefined;

	/** Whether `buffer` is new memory, taken because none had been handed back. */
	private bufferIsNew = false;

	private closed = false;

	get current(): Buffer | undefined {
		return this.buffer;
	}

	/** Memory for a new file of up to `bytes`: a buffer handed back if it is large enough. */
	start(bytes: number): Buffer {
		const reuse = this.spare !== undefined && this.spare.length >= bytes;
		this.buffer = reuse ? this.spare! : Buffer.allocUnsafe(bytes);
		this.bufferIsNew = !reuse;
		this.spare = undefined;
		return this.buffer;
	}

	/** A buffer of `bytes` holding the first `used` bytes of the current one, for a file that outgrew it. */
	grow(bytes: number, used: number): Buffer {
		const larger = Buffer.allocUnsafe(bytes);
		this.buffer!.copy(larger, 0, 0, used);
		this.buffer = larger;
		this.bufferIsNew = true;
		return larger;
	}

	/** The current file is complete; its buffer now belongs to the file. */
	finishFile(): void {
		this.buffer = undefined;
	}

	/**
	 * Takes back the buffer of a file that is no longer needed, `used` being how much of the
	 * current file is written. A file that had to start in new memory (the last buffer handed back
	 * was still being uploaded) moves into this one while little of it is written, so the new
	 * memory, barely touched, costs little until it is collected. Otherwise the larger of two
	 * buffers offered is kept for the next file.
	 */
	handBack(buffer: Buffer, used: number): void {
		if (this.closed || buffer === this.buffer) return;
		const current = this.buffer;
		if (
			current !== undefined &&
			this.bufferIsNew &&
			buffer.length >= current.length &&
			used <= current.length / 8
		) {
			current.copy(buffer, 0, 0, used);
			this.buffer = buffer;
			this.bufferIsNew = false;
			return;
		}
		if (this.spare === undefined || this.spare.length < buffer.length) this.spare = buffer;
	}

	/** No more files: drops the spare buffer and ignores buffers handed back later. */
	close(): void {
		this.closed = true;
		this.spare = undefined;
	}
}
