import { createHash } from 'crypto';

import type { IExecuteFunctions, NodeOperationError } from 'n8n-workflow';

import {
	MAX_FILE_PATHS,
	tooManyFiles,
} from '../../nodes/TikTokForBusiness/actions/audience/members/apply';
import { CustomerFileBuilder } from '../../nodes/TikTokForBusiness/customerFile/builder';
import { multipartFrame } from '../../nodes/TikTokForBusiness/transport/multipart';
import { assert, describe, it } from '../support/testing';

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

	it('is 500 files, the most TikTok takes in one create or update', () => {
		assert.equal(MAX_FILE_PATHS, 500);
	});

	it('says what to change, and that the audience was not changed', () => {
		const error: NodeOperationError = tooManyFiles(context, 3);
		assert.match(error.message, /more than 500 files/);
		assert.match(String(error.description), /Rows per File/);
		assert.match(String(error.description), /The audience was not changed/);
		assert.equal(error.context.itemIndex, 3);
	});
});
