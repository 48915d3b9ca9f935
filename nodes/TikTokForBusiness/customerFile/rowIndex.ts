const EMPTY = 0;
const MIN_CAPACITY = 1024;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** A 32-bit FNV-1a hash of bytes: cheap, and spread well enough for digests. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
	let hash = FNV_OFFSET;
	for (let index = start; index < end; index++) {
		hash ^= bytes[index];
		hash = Math.imul(hash, FNV_PRIME);
	}
	return hash >>> 0;
}

function capacityFor(rows: number): number {
	let capacity = MIN_CAPACITY;
	while (capacity < rows * 2) capacity *= 2;
	return capacity;
}

/**
 * Remembers rows by hash and location, in two typed arrays (12 bytes a slot, at most half full),
 * to find repeats among hundreds of thousands of rows without holding them as strings. A hash
 * match is only a candidate: the caller compares the bytes, so distinct rows are never merged.
 */
export class RowIndex {
	private hashes: Uint32Array;

	/** Location + 1 of the row in each slot; 0 marks an empty slot. */
	private locations: Float64Array;

	private count = 0;

	constructor(expectedRows = 0) {
		const capacity = capacityFor(expectedRows);
		this.hashes = new Uint32Array(capacity);
		this.locations = new Float64Array(capacity);
	}

	get size(): number {
		return this.count;
	}

	/**
	 * Records the row at `location` unless an equal row is already known; `isEqual` compares the
	 * new row with an earlier row's location. Returns whether the row was a repeat.
	 */
	addUnlessPresent(hash: number, location: number, isEqual: (earlier: number) => boolean): boolean {
		const mask = this.locations.length - 1;
		let slot = hash & mask;
		while (this.locations[slot] !== EMPTY) {
			if (this.hashes[slot] === hash && isEqual(this.locations[slot] - 1)) return true;
			slot = (slot + 1) & mask;
		}
		this.hashes[slot] = hash;
		this.locations[slot] = location + 1;
		this.count++;
		if (this.count * 2 > this.locations.length) this.grow();
		return false;
	}

	private grow(): void {
		const hashes = this.hashes;
		const locations = this.locations;
		this.hashes = new Uint32Array(hashes.length * 2);
		this.locations = new Float64Array(locations.length * 2);
		const mask = this.locations.length - 1;
		for (let old = 0; old < locations.length; old++) {
			if (locations[old] === EMPTY) continue;
			let slot = hashes[old] & mask;
			while (this.locations[slot] !== EMPTY) slot = (slot + 1) & mask;
			this.hashes[slot] = hashes[old];
			this.locations[slot] = locations[old];
		}
	}
}
