import { createHash } from 'crypto';

import { CustomerFileBuilder } from '../../../nodes/TikTokForBusiness/customerFile/builder';
import { assert, describe, it } from '../../support/testing';

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
