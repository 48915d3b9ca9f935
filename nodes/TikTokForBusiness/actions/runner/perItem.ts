import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { TikTokClient } from '../../transport';
import { failed } from './errors';

// How items run one by one, or in groups that share one upload. Every output item is paired
// with its input items, and Continue On Fail turns an error into an output item.

/** One output item, several, or pages of them that go to the output as they arrive. */
export type ItemResult = IDataObject | IDataObject[] | AsyncIterable<IDataObject[]>;

/** Runs an operation for one input item, with that item's client. */
export type ItemExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
	client: TikTokClient,
) => Promise<ItemResult>;

export interface Operation {
	execute?: ItemExecute;
	/** Runs the operation for all input items at once, to batch API calls across them. */
	executeBatch?: (
		this: IExecuteFunctions,
		items: INodeExecutionData[],
		client: TikTokClient,
	) => Promise<INodeExecutionData[]>;
}

/** Runs `run` once per item with that item's client. */
export async function runPerItem(
	context: IExecuteFunctions,
	client: TikTokClient,
	run: (itemIndex: number, client: TikTokClient) => Promise<ItemResult>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const itemCount = context.getInputData().length;
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const itemStart = output.length;
		try {
			const result = await run(itemIndex, client.forItem(itemIndex));
			// One push per entry: spreading a list of 100,000s of entries overflows the stack.
			const pages =
				Symbol.asyncIterator in result ? result : [Array.isArray(result) ? result : [result]];
			for await (const page of pages) {
				for (const json of page) output.push({ json, pairedItem: { item: itemIndex } });
			}
		} catch (error) {
			// A list that fails on a later page outputs its error only, as it did before streaming.
			output.length = itemStart;
			failed(context, error, { item: itemIndex }, output);
		}
	}
	return output;
}

/** Whether a parameter holds no expression, so it has the same value for every item. */
function isFixedParameter(context: IExecuteFunctions, name: string): boolean {
	return !JSON.stringify(context.getNode().parameters[name] ?? '').includes('"=');
}

/**
 * Groups item indices by the value of some parameters (e.g. advertiser and audience), reading
 * them per item only when they are expressions: a sync of 100,000 items stays fast. An item whose
 * parameters cannot be read gets a group of its own, so that only it fails when run.
 */
export function groupItemsBy(
	context: IExecuteFunctions,
	parameterNames: string[],
	read: (itemIndex: number) => string,
): number[][] {
	const itemCount = context.getInputData().length;
	const keyOf = (itemIndex: number) => {
		try {
			return read(itemIndex);
		} catch {
			return `unreadable item ${itemIndex}`;
		}
	};
	if (parameterNames.every((name) => isFixedParameter(context, name))) {
		return [Array.from({ length: itemCount }, (_, itemIndex) => itemIndex)];
	}
	const groups = new Map<string, number[]>();
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const key = keyOf(itemIndex);
		const group = groups.get(key);
		if (group) group.push(itemIndex);
		else groups.set(key, [itemIndex]);
	}
	return [...groups.values()];
}

/**
 * Runs `run` once per group of items, with the client of the group's first item; its output is
 * paired with all of them. Under Continue On Fail a failed group outputs one error item.
 */
export async function runPerGroup(
	context: IExecuteFunctions,
	client: TikTokClient,
	groups: number[][],
	run: (itemIndices: number[], client: TikTokClient) => Promise<IDataObject>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (const itemIndices of groups) {
		const pairedItem = itemIndices.map((item) => ({ item }));
		try {
			const json = await run(itemIndices, client.forItem(itemIndices[0]));
			output.push({ json, pairedItem });
		} catch (error) {
			failed(context, error, pairedItem, output);
		}
	}
	return output;
}
