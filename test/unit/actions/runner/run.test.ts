import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { eachItem, runJobs, type Job } from '../../../../nodes/TikTokForBusiness/actions/runner';
import { TikTokClient } from '../../../../nodes/TikTokForBusiness/transport';
import { assert, describe, it } from '../../../support/testing';

// The one way items run: merged requests, the failure rule, the output loop. A stand-in context
// with only what the runner reads; operations run through n8n's engine in test/integration.
const node = { name: 'TikTok for Business', parameters: {} };
function contextFor(itemCount: number, continueOnFail: boolean, options: IDataObject = {}) {
	return {
		getInputData: () => Array.from({ length: itemCount }, () => ({ json: {} })),
		continueOnFail: () => continueOnFail,
		getNode: () => node,
		getNodeParameter: (name: string, _itemIndex: number, fallback: unknown) =>
			name === 'options' ? options : fallback,
	} as unknown as IExecuteFunctions;
}

const tiktokError = (code: number, message = 'refused') =>
	new NodeApiError(
		node as never,
		{ code, message, request_id: 'r' },
		{ message: `${message} (${code})` },
	);

interface Sent {
	ids: string[];
}

/** Runs jobs of `{ id }` per item through runJobs, recording what each request carried. */
async function run(
	ids: string[],
	options: {
		continueOnFail?: boolean;
		maxPerRequest?: number;
		fail?: (ids: string[]) => Error | undefined;
		itemFails?: (id: string) => Error | undefined;
		mergeKey?: (id: string) => unknown;
	} = {},
) {
	const context = contextFor(ids.length, options.continueOnFail ?? false);
	const sent: Sent[] = [];
	let error: Error | undefined;
	let output: Array<{ json: IDataObject; pairedItem: unknown }> = [];
	try {
		output = (await runJobs(context, TikTokClient.for(context), {
			jobs: eachItem(context, (itemIndex) => {
				if (ids[itemIndex] === 'unreadable')
					throw new NodeOperationError(node as never, 'bad parameter');
				return { id: ids[itemIndex] };
			}),
			mergeKey: options.mergeKey ? ({ id }) => options.mergeKey?.(id) : () => 'all',
			unitOf: ({ id }) => id,
			maxPerRequest: options.maxPerRequest ?? 100,
			send: async (jobs: Array<Job<{ id: string }>>) => {
				const request = jobs.map(({ value }) => value.id);
				sent.push({ ids: request });
				const failure = options.fail?.(request);
				if (failure) throw failure;
				return jobs.map(({ value }) => options.itemFails?.(value.id) ?? { done: value.id });
			},
			describeDone: ({ id }) => `did ${id}`,
		})) as typeof output;
	} catch (caught) {
		error = caught as Error;
	}
	return { sent: sent.map(({ ids: request }) => request), output, error };
}

const refusesBad = (ids: string[]) =>
	ids.some((id) => id.endsWith('bad')) ? tiktokError(40002) : undefined;

describe('runJobs', () => {
	it('merges jobs with the same key, counting distinct units against the request size', async () => {
		const ids = Array.from({ length: 250 }, (_, index) => String(index % 100));
		const { sent, output } = await run(ids);
		assert.equal(sent.length, 1, 'one request for 100 distinct IDs named by 250 items');
		assert.equal(output.length, 250);
		const many = await run(Array.from({ length: 250 }, (_, index) => String(index)));
		assert.deepEqual(
			many.sent.map((request) => request.length),
			[100, 100, 50],
		);
	});

	it('sends a merged request job by job only when TikTok refused its content', async () => {
		const { sent, output } = await run(['1', 'bad', '3'], {
			continueOnFail: true,
			fail: refusesBad,
		});
		assert.deepEqual(sent, [['1', 'bad', '3'], ['1'], ['bad'], ['3']]);
		assert.deepEqual(
			output.map(({ json }) => json.done ?? json.code),
			['1', 40002, '3'],
		);
	});

	it('a revoked token on 100 merged items costs one request, and fails every item', async () => {
		const ids = Array.from({ length: 100 }, (_, index) => String(index));
		const { sent, output } = await run(ids, {
			continueOnFail: true,
			fail: () => tiktokError(40105),
		});
		assert.equal(sent.length, 1);
		assert.equal(output.length, 100);
		assert.ok(output.every(({ json }) => json.code === 40105));
	});

	it('after a rejected token, later requests are not sent at all', async () => {
		const ids = ['a1', 'a2', 'b1', 'c1'];
		const { sent, output } = await run(ids, {
			continueOnFail: true,
			mergeKey: (id) => id[0],
			fail: () => tiktokError(40102),
		});
		assert.deepEqual(sent, [['a1', 'a2']]);
		assert.ok(output.every(({ json }) => json.code === 40102));
	});

	it('rate limits and lost connections fail the merged jobs together, without resending', async () => {
		for (const failure of [
			tiktokError(40100),
			new NodeApiError(node as never, { reason: 'reset' }, { message: 'Could not reach TikTok' }),
		]) {
			const { sent, output } = await run(['1', '2', '3'], {
				continueOnFail: true,
				fail: () => failure,
			});
			assert.equal(sent.length, 1);
			assert.equal(output.length, 3);
		}
	});

	it('without Continue On Fail, stops at the first failure and names what was already done', async () => {
		const { sent, error } = await run(['good1', 'bad', 'good2', 'good3'], { fail: refusesBad });
		assert.deepEqual(sent, [['good1', 'bad', 'good2', 'good3'], ['good1'], ['bad']]);
		assert.ok(error instanceof NodeApiError);
		assert.equal(error.context.itemIndex, 1);
		assert.match(String(error.description), /already: did good1\./);
	});

	it('without Continue On Fail, a failed item stops the run even when an earlier item is still to come', async () => {
		// Requests go by group: a1 and abad first, b1 (item 1) after them.
		const { sent, error } = await run(['a1', 'b1', 'abad'], {
			mergeKey: (id) => id[0],
			fail: refusesBad,
		});
		assert.deepEqual(sent, [['a1', 'abad'], ['a1'], ['abad']]);
		assert.equal((error as NodeApiError).context.itemIndex, 2);
	});

	it('without Continue On Fail, an unreadable item fails the run before any request', async () => {
		const { sent, error } = await run(['1', 'unreadable', '3']);
		assert.deepEqual(sent, []);
		assert.match(String(error?.message), /bad parameter/);
		assert.equal((error as NodeOperationError).context.itemIndex, 1);
	});

	it('under Continue On Fail, an unreadable item fails alone and the others run', async () => {
		const { sent, output } = await run(['1', 'unreadable', '3'], { continueOnFail: true });
		assert.deepEqual(sent, [['1', '3']]);
		assert.deepEqual(
			output.map(({ json }) => json.done ?? json.error),
			['1', 'bad parameter', '3'],
		);
	});

	it('outputs in input order with each item paired, whatever order the requests went in', async () => {
		const ids = ['b1', 'a1', 'b2', 'a2', 'c1'];
		const { sent, output } = await run(ids, { mergeKey: (id) => id[0] });
		assert.deepEqual(sent, [['b1', 'b2'], ['a1', 'a2'], ['c1']]);
		assert.deepEqual(
			output.map(({ json, pairedItem }) => [json.done, pairedItem]),
			ids.map((id, item) => [id, { item }]),
		);
	});

	it("a job's own error from a merged request fails that item only", async () => {
		const { sent, output } = await run(['1', '2', '3'], {
			continueOnFail: true,
			itemFails: (id) => (id === '2' ? new Error('not returned') : undefined),
		});
		assert.equal(sent.length, 1);
		assert.deepEqual(
			output.map(({ json }) => json.done ?? json.error),
			['1', 'not returned', '3'],
		);
	});

	it('fails an item whose retry options are not numbers, before any request', async () => {
		const context = contextFor(1, true, { maxAttempts: 'NaN' });
		const output = await runJobs(context, TikTokClient.for(context), {
			jobs: eachItem(context, (itemIndex) => itemIndex),
			send: async () => {
				throw new Error('sent');
			},
		});
		assert.match(
			String(output[0].json.error),
			/"Max Attempts" must be a whole number from 1 to 10/,
		);
	});
});
