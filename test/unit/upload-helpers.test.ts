import { createHash } from 'crypto';

import type { IExecuteFunctions, NodeOperationError } from 'n8n-workflow';

import {
	checkFileCount,
	MAX_FILE_PATHS,
} from '../../nodes/TikTokForBusiness/actions/audience/members/apply';
import {
	CustomerFileBuilder,
	type CustomerFileSummary,
} from '../../nodes/TikTokForBusiness/customerFile/builder';
import { multipartFrame } from '../../nodes/TikTokForBusiness/transport/multipart';
import { hashBytes, RowIndex } from '../../nodes/TikTokForBusiness/customerFile/rowIndex';
import { assert, describe, it } from '../support/testing';

describe('RowIndex', () => {
	it('finds an equal row and keeps distinct rows, growing as it fills', () => {
		const rows = Array.from({ length: 5000 }, (_, index) => `row-${index % 3000}`);
		const index = new RowIndex();
		const repeats = rows.filter((row, position) =>
			index.addUnlessPresent(
				hashBytes(Buffer.from(row), 0, row.length),
				position,
				(earlier) => rows[earlier] === row,
			),
		);
		assert.equal(index.size, 3000);
		assert.equal(repeats.length, 2000);
	});

	it('never merges distinct rows whose hashes collide', () => {
		const index = new RowIndex();
		const rows = ['first', 'second', 'third', 'second'];
		const sameHash = 42;
		const repeats = rows.map((row, position) =>
			index.addUnlessPresent(sameHash, position, (earlier) => rows[earlier] === row),
		);
		assert.deepEqual(repeats, [false, false, false, true]);
	});
});

describe('multipart body', () => {
	it('is a form TikTok (and any multipart parser) reads back exactly', async () => {
		const content = Buffer.from('EMAIL_SHA256\nabc\n');
		const frame = multipartFrame(
			{ advertiser_id: '7301987654321098761', file_signature: 'f00d' },
			{ field: 'file', fileName: 'audience-1.csv', contentType: 'text/csv' },
		);
		const body = Buffer.concat([frame.before, content, frame.after]);
		const form = await new Response(body, {
			headers: { 'content-type': frame.contentType },
		}).formData();
		assert.equal(form.get('advertiser_id'), '7301987654321098761');
		assert.equal(form.get('file_signature'), 'f00d');
		const file = form.get('file') as File;
		assert.equal(file.name, 'audience-1.csv');
		assert.deepEqual(Buffer.from(await file.arrayBuffer()), content);
	});

	it('uses a new boundary each time', () => {
		const fields = { a: '1' };
		const file = { field: 'file', fileName: 'a.csv', contentType: 'text/csv' };
		assert.notEqual(
			multipartFrame(fields, file).contentType,
			multipartFrame(fields, file).contentType,
		);
	});
});

describe('customer file wrapping', () => {
	const build = (spareAround?: number) => {
		const builder = new CustomerFileBuilder({
			types: ['email'],
			rowsPerFile: 10,
			fileNamePrefix: 'audience',
			expectedRows: 3,
			spareAround,
		});
		for (const email of ['a@x.example', 'b@x.example']) builder.addRow([email]);
		return builder.finish().files[0];
	};

	it('puts the frame around the content without changing it, in the room kept for it', () => {
		const file = build(64);
		const md5 = createHash('md5').update(file.content).digest('hex');
		const wrapped = file.wrap(Buffer.from('BEFORE|'), Buffer.from('|AFTER'));
		assert.equal(wrapped.toString(), `BEFORE|${file.content.toString()}|AFTER`);
		assert.equal(wrapped.buffer, file.content.buffer, 'no copy of the content');
		assert.equal(file.md5, md5);
		assert.equal(createHash('md5').update(file.content).digest('hex'), md5);
	});

	it('falls back to a copy when there is no room', () => {
		const file = build();
		const wrapped = file.wrap(Buffer.from('<'), Buffer.from('>'));
		assert.equal(wrapped.toString(), `<${file.content.toString()}>`);
	});
});

describe('file count of one request', () => {
	const context = {
		getNode: () => ({ name: 'TikTok for Business' }),
	} as unknown as IExecuteFunctions;
	const summaryOf = (files: number) =>
		({ files: Array.from({ length: files }) }) as unknown as CustomerFileSummary;

	it('accepts up to 500 files, the most TikTok takes in one create or update', () => {
		checkFileCount(context, summaryOf(MAX_FILE_PATHS), 0);
		assert.equal(MAX_FILE_PATHS, 500);
	});

	it('refuses more before anything is uploaded, and says what to change', () => {
		assert.throws(
			() => checkFileCount(context, summaryOf(501), 3),
			(error: NodeOperationError) => {
				assert.match(error.message, /501 files/);
				assert.match(String(error.description), /Rows per File/);
				assert.equal(error.context.itemIndex, 3);
				return true;
			},
		);
	});
});
