import { encodeQuery } from '../../../nodes/TikTokForBusiness/transport/request';
import { assert, describe, it } from '../../support/testing';

describe('query encoding', () => {
	it('JSON-encodes arrays and objects, stringifies the rest and drops empty values', () => {
		assert.deepEqual(
			encodeQuery({
				advertiser_ids: ['1', '2'],
				filtering: { status: 'ACTIVE' },
				page: 2,
				flag: false,
				missing: undefined,
				none: null,
			}),
			{
				advertiser_ids: '["1","2"]',
				filtering: '{"status":"ACTIVE"}',
				page: '2',
				flag: 'false',
			},
		);
	});
});
