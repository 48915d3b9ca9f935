// Duplicates are found by 64-bit fingerprints alone: a table that must answer exactly as a Set.
import { createHash } from 'crypto';

import fc from 'fast-check';

import { FingerprintSet, RowFingerprint } from '../../../nodes/TikTokForBusiness/customerFile/fingerprints';
import { assert, describe, it } from '../../support/testing';

/** The 32-bit number that 8 hex characters at `start` spell: the test's own reading of them. */
const readHex32 = (bytes: Uint8Array, start: number) =>
	parseInt(Buffer.from(bytes).toString('latin1', start, start + 8), 16);

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

const uint32 = fc.integer({ min: 0, max: 0xffffffff });
// Few distinct values, so that repeats, zero halves, shared halves and long probe runs are common.
const crowded = fc.integer({ min: 0, max: 3 });
const dense = fc.integer({ min: 0, max: 63 });

describe('FingerprintSet', () => {
	it('property: answers exactly as a plain Set of the same fingerprints', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.oneof(
						fc.tuple(fc.oneof(crowded, uint32), fc.oneof(crowded, uint32)),
						fc.tuple(dense, dense),
					),
					{ maxLength: 4000, size: 'max' },
				),
				(pairs) => {
					const set = new FingerprintSet();
					const plain = new Set<string>();
					for (const [high, low] of pairs) {
						const key = `${high}:${low}`;
						assert.equal(set.add(high, low), plain.has(key), key);
						plain.add(key);
					}
					assert.equal(set.size, plain.size);
				},
			),
			{ numRuns: 200, endOnFailure: true },
		);
	});

	it('grows past its first tables and keeps every fingerprint, in a few bytes each', () => {
		const set = new FingerprintSet();
		const before = set.bytes;
		const count = 100_000;
		const digest = (index: number) => Buffer.from(sha256(String(index)), 'latin1');
		const halves = Array.from({ length: count }, (_, index) => [
			readHex32(digest(index), 0),
			readHex32(digest(index), 8),
		]);
		// 8 bytes a slot, tables 64 % to 85 % full: at no size just after all grew at once.
		let mostBytesEach = 0;
		for (const [index, [high, low]] of halves.entries()) {
			assert.equal(set.add(high, low), false);
			if (index >= 30_000 && index % 1000 === 0) {
				mostBytesEach = Math.max(mostBytesEach, set.bytes / set.size);
			}
		}
		for (const [high, low] of halves) assert.equal(set.add(high, low), true);
		assert.equal(set.size, count);
		assert.ok(set.bytes > before);
		assert.ok(mostBytesEach <= 11.2, `up to ${mostBytesEach} bytes each`);
		assert.ok(new FingerprintSet(count).bytes <= count * 11, 'sized for the rows expected');
	});
	it('stays about three quarters full at every size up to a million fingerprints', () => {
		// Tables that all grow at the same moment would leave the set 68 % full just after.
		const set = new FingerprintSet();
		let state = 99;
		const next = () => {
			state ^= state << 13;
			state ^= state >>> 17;
			state ^= state << 5;
			return state >>> 0;
		};
		let mostBytesEach = 0;
		for (let count = 1; count <= 1_000_000; count++) {
			set.add(next(), next());
			if (count >= 100_000 && count % 20_000 === 0) {
				mostBytesEach = Math.max(mostBytesEach, set.bytes / count);
			}
		}
		assert.ok(mostBytesEach <= 10.9, `up to ${mostBytesEach} bytes each`);
	});
});

describe('RowFingerprint', () => {
	const bytes = (text: string) => Buffer.from(text, 'latin1');
	const of = (row: Array<string | undefined>) => {
		const fingerprint = new RowFingerprint();
		row.forEach((digest, column) =>
			digest === undefined
				? fingerprint.addBlank(column)
				: fingerprint.addDigest(bytes(digest), 0, column),
		);
		return `${fingerprint.high}:${fingerprint.low}`;
	};
	const a = sha256('a@example.com');
	const b = sha256('b@example.com');

	it("is a one-column row's first 64 digest bits", () => {
		assert.equal(of([a]), `${readHex32(bytes(a), 0)}:${readHex32(bytes(a), 8)}`);
		assert.equal(readHex32(bytes('ffffffff'), 0), 0xffffffff);
		assert.equal(readHex32(bytes('DEADBEEF'), 0), 0xdeadbeef);
	});

	it('tells swapped columns and blank columns apart', () => {
		const rows = [
			[a, b],
			[b, a],
			[a, undefined],
			[undefined, a],
			[undefined, b],
			[b, undefined],
		];
		assert.equal(new Set(rows.map(of)).size, rows.length);
		assert.equal(of([a, b]), of([a, b]));
	});
});
