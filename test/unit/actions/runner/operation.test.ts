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

	it('writes each page of a list into the output as it comes, the entries themselves', async () => {
		const yielded: object[] = [];
		let pagesRead = 0;
		async function* pages() {
			for (let page = 0; page < 1500; page++) {
				pagesRead++;
				const entries = Array.from({ length: 100 }, (_, index) => ({ id: page * 100 + index }));
				yielded.push(entries[0]);
				yield entries;
			}
		}
		const output = await runPerItem(context, client, async () => pages());
		assert.equal(pagesRead, 1500);
		assert.equal(output.length, 150_000);
		// The very objects of the pages: no copy of an entry is made on the way to the output.
		for (let page = 0; page < 1500; page += 137) {
			assert.equal(output[page * 100].json, yielded[page]);
		}
		assert.deepEqual(output[149_999].pairedItem, { item: 0 });
	});

	it('a list failing on a later page outputs only its error under Continue On Fail', async () => {
		async function* pages() {
			yield [{ id: 1 }, { id: 2 }];
			throw new Error('page 2 failed');
		}
		const tolerant = { ...context, continueOnFail: () => true } as unknown as IExecuteFunctions;
		const output = await runPerItem(tolerant, client, async () => pages());
		assert.deepEqual(
			output.map((item) => item.json),
			[{ error: 'page 2 failed' }],
		);
	});
});
