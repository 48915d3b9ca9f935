import type { IExecuteFunctions } from 'n8n-workflow';

import { runPerItem } from '../../nodes/TikTokForBusiness/actions/runner';
import type { TikTokClient } from '../../nodes/TikTokForBusiness/transport';
import { assert, describe, it } from '../support/testing';

// A stand-in with only what runPerItem reads; the operations themselves run through n8n's engine
// in the integration tests.
const context = {
	getInputData: () => [{ json: {} }],
	continueOnFail: () => false,
	getNode: () => ({ name: 'TikTok for Business' }),
} as unknown as IExecuteFunctions;
const client = { forItem: () => client } as unknown as TikTokClient;

describe('running items', () => {
	it('outputs 200,000 results of one item without overflowing the stack', async () => {
		const results = Array.from({ length: 200_000 }, (_, index) => ({ index }));
		const output = await runPerItem(context, client, async () => results);
		assert.equal(output.length, 200_000);
		assert.deepEqual(output[199_999], { json: { index: 199_999 }, pairedItem: { item: 0 } });
	});
});
