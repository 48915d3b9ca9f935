import type { IExecuteFunctions } from 'n8n-workflow';

import { perItem } from '../../../../nodes/TikTokForBusiness/actions/runner';
import { TikTokClient } from '../../../../nodes/TikTokForBusiness/transport';
import { assert, describe, it } from '../../../support/testing';

// A stand-in with only what the runner reads; the operations themselves run through n8n's engine
// in the integration tests.
const context = {
	getInputData: () => [{ json: {} }],
	continueOnFail: () => false,
	getNode: () => ({ name: 'TikTok for Business', parameters: {} }),
	getNodeParameter: (_name: string, _itemIndex: number, fallback: unknown) => fallback,
} as unknown as IExecuteFunctions;
const client = TikTokClient.for(context);

describe('running items one by one (perItem)', () => {
	it('outputs 200,000 results of one item without overflowing the stack', async () => {
		const results = Array.from({ length: 200_000 }, (_, index) => ({ index }));
		const output = await perItem({ read: (itemIndex) => itemIndex, run: async () => results }).call(
			context,
			client,
		);
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
		const output = await perItem({ read: (itemIndex) => itemIndex, run: async () => pages() }).call(
			context,
			client,
		);
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
		const output = await perItem({ read: (itemIndex) => itemIndex, run: async () => pages() }).call(
			tolerant,
			client,
		);
		assert.deepEqual(
			output.map((item) => item.json),
			[{ error: 'page 2 failed' }],
		);
	});

	it('reads every item before the first request, so a bad item fails the run before any', async () => {
		const ran: number[] = [];
		const twoItems = {
			...context,
			getInputData: () => [{ json: {} }, { json: {} }],
		} as unknown as IExecuteFunctions;
		await assert.rejects(
			perItem({
				read: (itemIndex) => {
					if (itemIndex === 1) throw new Error('item 1 is unreadable');
					return itemIndex;
				},
				run: async (itemIndex) => {
					ran.push(itemIndex);
					return {};
				},
			}).call(twoItems, client),
			/item 1 is unreadable/,
		);
		assert.deepEqual(ran, []);
	});
});
