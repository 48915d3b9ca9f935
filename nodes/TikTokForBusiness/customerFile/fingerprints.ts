const SHARDS = 256;
const MIN_SHARD_CAPACITY = 64;
/** A table grows once this share of its slots is taken… */
const MAX_LOAD = 0.85;
/** …to this many times its slots: small steps keep tables full, at a few more moves. */
const GROWTH = 1.25;

/**
 * The 32-bit number written as 8 hex digits at `start`. Digests are written in lower case; upper
 * case reads the same.
 */
function readHex32(bytes: Uint8Array, start: number): number {
	let value = 0;
	for (let index = start; index < start + 8; index++) {
		const code = bytes[index];
		value = (value << 4) | (code <= 57 ? code - 48 : (code | 32) - 87);
	}
	return value >>> 0;
}

/**
 * A set of 64-bit fingerprints, each held as two 32-bit halves in open-addressing typed arrays
 * (8 bytes a slot, 64 % to 85 % of slots taken): about 10.5 bytes per fingerprint, and nothing
 * else is kept of a row. The fingerprints are spread over 256 tables that grow one at a time by a
 * quarter, so growing never needs the old and new copy of the whole set at once. The tables start
 * at staggered sizes, so they grow at different times and the set as a whole stays about three
 * quarters full at any size, instead of half empty just after all tables doubled together. The
 * fingerprint 0:0 marks empty slots and is kept aside.
 */
export class FingerprintSet {
	/** Slot `i` of a table holds a high half at `2i` and its low half at `2i + 1`. */
	private readonly tables: Uint32Array[] = [];

	private readonly counts = new Int32Array(SHARDS);

	/** How many fingerprints each table takes before it grows. */
	private readonly limits = new Int32Array(SHARDS);

	private hasZero = false;

	constructor(expected = 0) {
		const perShard = Math.max(MIN_SHARD_CAPACITY, Math.ceil(expected / SHARDS / MAX_LOAD));
		for (let shard = 0; shard < SHARDS; shard++) {
			const capacity = Math.ceil(perShard * GROWTH ** (shard / SHARDS));
			this.tables.push(new Uint32Array(capacity * 2));
			this.limits[shard] = Math.floor(capacity * MAX_LOAD);
		}
	}

	get size(): number {
		return this.counts.reduce((sum, count) => sum + count, 0) + (this.hasZero ? 1 : 0);
	}

	/** The bytes held: the tables, without the objects around them. */
	get bytes(): number {
		return this.tables.reduce((sum, table) => sum + table.byteLength, 0);
	}

	/** Adds the fingerprint `high:low` (unsigned 32-bit halves); returns whether it was there. */
	add(high: number, low: number): boolean {
		if (high === 0 && low === 0) {
			const had = this.hasZero;
			this.hasZero = true;
			return had;
		}
		// Digest prefixes are spread already; the multiplies spread anything else (e.g. in tests).
		const shard = Math.imul(high ^ (low >>> 16), 0x9e3779b1) >>> 24;
		const table = this.tables[shard];
		const capacity = table.length / 2;
		let slot = slotOf(high, low, capacity);
		for (;;) {
			const slotHigh = table[slot * 2];
			const slotLow = table[slot * 2 + 1];
			if (slotHigh === 0 && slotLow === 0) break;
			if (slotHigh === high && slotLow === low) return true;
			if (++slot === capacity) slot = 0;
		}
		table[slot * 2] = high;
		table[slot * 2 + 1] = low;
		if (++this.counts[shard] > this.limits[shard]) this.grow(shard);
		return false;
	}

	/** Moves every fingerprint of a full table into one a quarter larger. */
	private grow(shard: number): void {
		const old = this.tables[shard];
		const capacity = Math.ceil((old.length / 2) * GROWTH);
		const table = new Uint32Array(capacity * 2);
		for (let index = 0; index < old.length; index += 2) {
			const high = old[index];
			const low = old[index + 1];
			if (high === 0 && low === 0) continue;
			let slot = slotOf(high, low, capacity);
			while (table[slot * 2] !== 0 || table[slot * 2 + 1] !== 0) {
				if (++slot === capacity) slot = 0;
			}
			table[slot * 2] = high;
			table[slot * 2 + 1] = low;
		}
		this.tables[shard] = table;
		this.limits[shard] = Math.floor(capacity * MAX_LOAD);
	}
}

/** A slot in 0…capacity − 1: the mixed halves scaled to the capacity, which need not be a power of 2. */
function slotOf(high: number, low: number, capacity: number): number {
	const mixed = Math.imul(low ^ Math.imul(high, 0x85ebca6b), 0xcc9e2d51);
	// Below 2^32 × 2^21, so the product is exact in a double.
	return Math.floor((((mixed ^ (mixed >>> 15)) >>> 0) * capacity) / 0x100000000);
}

/**
 * A row's 64-bit fingerprint, from the first 64 bits of each of its digests: a one-column row's
 * fingerprint is its digest's prefix; with more columns, each prefix is rotated by its column
 * (so swapped columns differ) and XORed in, and a blank column adds a constant of its own.
 *
 * Why 64 bits are enough: SHA-256 and MD5 digests of distinct values are, as far as anyone can
 * tell, independent and uniform, and rotating and XORing independent uniform values keeps them
 * uniform; so two distinct rows share a fingerprint with probability 2^-64, and among n distinct
 * rows some pair does with probability at most n²/2^65: about 5 × 10^-7 for 4.5 million rows,
 * 10^-5 for 20 million. Such a pair would drop one row as a duplicate; the cost of that risk is a
 * table of 8 bytes a slot instead of every row's bytes.
 */
export class RowFingerprint {
	high = 0;

	low = 0;

	reset(): void {
		this.high = 0;
		this.low = 0;
	}

	/** Folds in the digest written as hex at `start` (at least 16 digits) in column `column`. */
	addDigest(bytes: Uint8Array, start: number, column: number): void {
		this.fold(readHex32(bytes, start), readHex32(bytes, start + 8), column);
	}

	/** Folds in a blank column. */
	addBlank(column: number): void {
		this.fold(0x9e3779b9, 0x7f4a7c15, column);
	}

	private fold(high: number, low: number, column: number): void {
		let rotation = (column * 21) % 64;
		if (rotation >= 32) {
			[high, low] = [low, high];
			rotation -= 32;
		}
		if (rotation > 0) {
			[high, low] = [
				(high << rotation) | (low >>> (32 - rotation)),
				(low << rotation) | (high >>> (32 - rotation)),
			];
		}
		this.high = (this.high ^ high) >>> 0;
		this.low = (this.low ^ low) >>> 0;
	}
}
