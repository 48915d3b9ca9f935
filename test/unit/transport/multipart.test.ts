import { multipartFrame } from '../../../nodes/TikTokForBusiness/transport/multipart';
import { assert, describe, it } from '../../support/testing';

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
