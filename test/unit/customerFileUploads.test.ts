/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling runs in Node and never ships in the package */
// Duplicates are found by 64-bit fingerprints alone, and each finished file is uploaded while the
// next is built, so only a bounded number of files is ever held.
import { createHash } from 'crypto';
import { setTimeout as sleep } from 'timers/promises';

import fc from 'fast-check';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { buildFromItems } from '../../nodes/TikTokForBusiness/actions/audience/members/source';
import { MemberUploads } from '../../nodes/TikTokForBusiness/actions/audience/members/upload';
import {
	CustomerFileBuilder,
	TooManyFilesError,
	type CustomerFile,
} from '../../nodes/TikTokForBusiness/customerFile/builder';
import { FileMemory } from '../../nodes/TikTokForBusiness/customerFile/fileMemory';
import {
	FingerprintSet,
	readHex32,
	RowFingerprint,
} from '../../nodes/TikTokForBusiness/customerFile/fingerprints';
import type { TikTokClient } from '../../nodes/TikTokForBusiness/transport';
import { assert, describe, it } from '../support/testing';

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

/** An e-mail builder that hands each file, once complete, to the list it returns. */
function handingOn(rowsPerFile: number): { builder: CustomerFileBuilder; handed: CustomerFile[] } {
	const handed: CustomerFile[] = [];
	const builder = new CustomerFileBuilder({
		types: ['email'],
		rowsPerFile,
		fileNamePrefix: 'audience',
		onFile: (file) => handed.push(file),
	});
	return { builder, handed };
}

describe('CustomerFileBuilder handing files on', () => {
	const emails = (count: number, from = 0) =>
		Array.from({ length: count }, (_, index) => [`person${from + index}@example.com`]);

	it('gives each file to onFile when complete and keeps none', () => {
		const handed: CustomerFile[] = [];
		const rowsWhenHanded: number[] = [];
		let added = 0;
		const builder = new CustomerFileBuilder({
			types: ['email'],
			rowsPerFile: 10,
			fileNamePrefix: 'audience',
			onFile: (file) => {
				handed.push(file);
				rowsWhenHanded.push(added);
			},
		});
		const kept = new CustomerFileBuilder({
			types: ['email'],
			rowsPerFile: 10,
			fileNamePrefix: 'audience',
		});
		for (const row of [...emails(25), ...emails(5)]) {
			added++;
			builder.addRow(row);
			kept.addRow(row);
		}
		const summary = builder.finish();
		assert.deepEqual(summary.files, []);
		assert.equal(summary.fileCount, 3);
		assert.deepEqual(rowsWhenHanded, [10, 20, 30]);
		assert.equal(summary.droppedByReason.duplicate, 5);
		assert.deepEqual(
			handed.map((file) => [file.fileName, file.content.toString()]),
			kept.finish().files.map((file) => [file.fileName, file.content.toString()]),
		);
	});

	it('writes the next file into the memory of one handed back with release', () => {
		// 100 rows make 6.6 kB: more than Node's shared pool hands out, so each file has its own.
		const { builder, handed } = handingOn(100);
		for (const row of emails(200)) builder.addRow(row);
		const first = handed[0].content.toString();
		handed[0].release?.();
		for (const row of emails(100, 200)) builder.addRow(row);
		assert.equal(handed[2].content.buffer, handed[0].content.buffer, 'memory reused');
		assert.notEqual(handed[1].content.buffer, handed[0].content.buffer);
		assert.notEqual(handed[2].content.toString(), first);
		assert.equal(handed[2].content.toString().split('\n').length, 102);
	});

	it('moves a file begun in new memory into memory handed back while it is barely written', () => {
		const { builder, handed } = handingOn(100);
		// File 1 is still being uploaded when file 2 completes, so file 3 starts in new memory.
		for (const row of emails(205)) builder.addRow(row);
		handed[0].release?.();
		for (const row of emails(95, 205)) builder.addRow(row);
		assert.equal(handed[2].content.buffer, handed[0].content.buffer, 'file 3 moved');
		assert.deepEqual(
			handed[2].content.toString().split('\n').slice(1, -1),
			emails(100, 200).map(([email]) => sha256(email)),
		);
	});

	it('leaves a file where it is when it is well under way or already in reused memory', () => {
		const run = (rowsBeforeRelease: number, releaseFirstEarly: boolean) => {
			const { builder, handed } = handingOn(100);
			for (const row of emails(200)) builder.addRow(row);
			if (releaseFirstEarly) handed[0].release?.();
			for (const row of emails(rowsBeforeRelease, 200)) builder.addRow(row);
			handed[releaseFirstEarly ? 1 : 0].release?.();
			for (const row of emails(100 - rowsBeforeRelease, 200 + rowsBeforeRelease)) {
				builder.addRow(row);
			}
			assert.equal(handed[2].content.toString().split('\n').length, 102);
			return handed.map((file) => file.content.buffer);
		};
		// 40 of 100 rows written in new memory: copying them would cost more than it saves.
		const [first, second, third] = run(40, false);
		assert.notEqual(third, first);
		assert.notEqual(third, second);
		// File 3 starts in file 1's memory; file 2's, handed back, waits for file 4.
		const [reusedFirst, , reusedThird] = run(5, true);
		assert.equal(reusedThird, reusedFirst);
	});

	it('keeps repeated rows with removeDuplicates off', () => {
		const builder = new CustomerFileBuilder({
			types: ['email'],
			rowsPerFile: 10,
			fileNamePrefix: 'audience',
			removeDuplicates: false,
		});
		for (const row of [...emails(3), ...emails(2)]) builder.addRow(row);
		const summary = builder.finish();
		assert.equal(summary.rowsAccepted, 5);
		assert.deepEqual(summary.droppedByReason, {});
		assert.equal(summary.files[0].content.toString().split('\n').length, 7);
	});

	it('refuses the row that would start one file more than maxFiles, and only that one', () => {
		const builder = new CustomerFileBuilder({
			types: ['email'],
			rowsPerFile: 10,
			fileNamePrefix: 'audience',
			maxFiles: 2,
			onFile: () => undefined,
		});
		for (const row of emails(20)) builder.addRow(row);
		builder.addRow(['person3@example.com']); // a repeat starts no file
		builder.addRow(['not an e-mail']);
		assert.throws(() => builder.addRow(['person20@example.com']), TooManyFilesError);
	});
});

describe('FileMemory', () => {
	it('reuses a buffer handed back only until it is closed', () => {
		const memory = new FileMemory();
		const first = memory.start(100);
		memory.finishFile();
		memory.handBack(first, 0);
		assert.equal(memory.start(100), first);
		memory.finishFile();
		memory.handBack(first, 0);
		assert.notEqual(memory.start(101), first, 'too small for the next file');
		memory.finishFile();
		memory.handBack(first, 0);
		memory.close();
		assert.notEqual(memory.start(100), first);
	});
});

/** An n8n context for Create from items: e-mails in `email`, `rowsPerFile` rows a file. */
function itemsContext(items: INodeExecutionData[], rowsPerFile: number): IExecuteFunctions {
	return {
		getNode: () => ({ name: 'TikTok for Business' }),
		getInputData: () => items,
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => {
			if (name === 'identifierFields') return { emailField: 'email' };
			if (name === 'options') return { rowsPerFile };
			return fallback;
		},
	} as unknown as IExecuteFunctions;
}

describe('Members uploaded while they are built', () => {
	it('uploads the first file before the last row is read, holding at most two files', async () => {
		const total = 2000;
		let rowsRead = 0;
		const items = Array.from({ length: total }, (_, index) => ({
			json: {
				get email() {
					rowsRead++;
					return `person${index}@example.com`;
				},
			},
		}));
		let held = 0;
		let mostHeld = 0;
		const memories = new Set<ArrayBufferLike>();
		const rowsReadAtUpload: number[] = [];
		const client = {
			itemIndex: 0,
			request: async () => {
				rowsReadAtUpload.push(rowsRead);
				await sleep(2);
				held--;
				return { file_path: `path-${rowsReadAtUpload.length}` };
			},
		} as unknown as TikTokClient;
		const context = itemsContext(items, 100);
		const uploads = new (class extends MemberUploads {
			accept(file: CustomerFile, calculateType: 'EMAIL_SHA256') {
				memories.add(file.content.buffer);
				held++;
				mostHeld = Math.max(mostHeld, held);
				super.accept(file, calculateType);
			}
		})(context, client, [{ advertiserId: '7' }]);

		const summary = await buildFromItems(
			context,
			items.map((_, index) => index),
			'audience',
			uploads,
		);
		const files = uploads.uploadedTo('7', summary);
		assert.equal(files.length, 20);
		assert.equal(summary.fileCount, 20);
		assert.deepEqual(
			files.map((file) => file.fileName),
			Array.from({ length: 20 }, (_, index) => `audience-${index + 1}.csv`),
		);
		assert.ok(rowsReadAtUpload[0] < total, `first upload after ${rowsReadAtUpload[0]} rows`);
		assert.ok(mostHeld <= 2, `${mostHeld} finished files held at once`);
		// Uploaded files hand their memory back: 20 files are written in 2 buffers.
		assert.ok(memories.size <= 2, `${memories.size} buffers for 20 files`);
		assert.equal(held, 0);
	});

	it('reports an upload that failed with the totals, after building the rest', async () => {
		let calls = 0;
		const client = {
			itemIndex: 0,
			request: async () => {
				if (++calls === 2) throw new Error('Service unavailable');
				return { file_path: `path-${calls}` };
			},
		} as unknown as TikTokClient;
		const items = Array.from({ length: 250 }, (_, index) => ({
			json: { email: `person${index}@example.com` },
		}));
		const context = itemsContext(items, 100);
		const uploads = new MemberUploads(context, client, [{ advertiserId: '7' }]);
		const summary = await buildFromItems(
			context,
			items.map((_, index) => index),
			'audience',
			uploads,
		);
		assert.equal(calls, 2, 'no upload after the failed one');
		assert.throws(
			() => uploads.uploadedTo('7', summary),
			/Uploaded 1 of 3 files \(100 of 250 rows\): audience-1\.csv before audience-2\.csv failed/,
		);
	});
});
