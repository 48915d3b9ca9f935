import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ChunkedResults } from '../helpers/chunks';
import { errorJson, withItemIndex } from './router';

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
	itemCount: number,
	parameterNames: string[],
	read: (itemIndex: number) => string,
): Map<string, number[]> {
	const groups = new Map<string, number[]>();
	const keyOf = (itemIndex: number) => {
		try {
			return read(itemIndex);
		} catch {
			return `unreadable item ${itemIndex}`;
		}
	};
	if (parameterNames.every((name) => isFixedParameter(context, name))) {
		groups.set(
			keyOf(0),
			Array.from({ length: itemCount }, (_, itemIndex) => itemIndex),
		);
		return groups;
	}
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const key = keyOf(itemIndex);
		const group = groups.get(key);
		if (group) group.push(itemIndex);
		else groups.set(key, [itemIndex]);
	}
	return groups;
}

/**
 * Runs `run` once per group of items; its output is paired with all of them. Under Continue On
 * Fail a failed group outputs one error item paired with its items.
 */
export async function forEachGroup(
	context: IExecuteFunctions,
	groups: Iterable<number[]>,
	run: (itemIndices: number[]) => Promise<IDataObject>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (const itemIndices of groups) {
		const pairedItem = itemIndices.map((item) => ({ item }));
		try {
			output.push({ json: await run(itemIndices), pairedItem });
		} catch (error) {
			if (!context.continueOnFail()) throw withItemIndex(context, error, itemIndices[0]);
			output.push({ json: errorJson(error), pairedItem });
		}
	}
	return output;
}

export interface IdJob {
	/** Items with the same group key are sent together (e.g. the same advertiser and fields). */
	groupKey: string;
	id: string;
}

/**
 * Runs an operation that TikTok accepts for many IDs at once: reads each item's ID, sends the
 * IDs of each group together (`runGroup`), and outputs one item per input item, in order. An
 * item whose ID is bad fails alone; with Continue On Fail it outputs why.
 */
export async function runBatchedById<T>(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	readJob: (itemIndex: number) => IdJob,
	runGroup: (groupKey: string, ids: string[], firstItemIndex: number) => Promise<ChunkedResults<T>>,
	output: (job: IdJob, value: T) => IDataObject,
	missing: (job: IdJob, itemIndex: number) => Error,
): Promise<INodeExecutionData[]> {
	const jobs: Array<{ itemIndex: number; job?: IdJob; error?: Error }> = items.map(
		(_, itemIndex) => {
			try {
				return { itemIndex, job: readJob(itemIndex) };
			} catch (error) {
				return { itemIndex, error };
			}
		},
	);
	const groups = new Map<string, Array<{ itemIndex: number; job: IdJob }>>();
	for (const { itemIndex, job } of jobs) {
		if (!job) continue;
		const group = groups.get(job.groupKey) ?? [];
		group.push({ itemIndex, job });
		groups.set(job.groupKey, group);
	}
	const outcomes = new Map<number, { value?: T; error?: Error }>();
	for (const [groupKey, members] of groups) {
		const { results, errors } = await runGroup(
			groupKey,
			members.map(({ job }) => job.id),
			members[0].itemIndex,
		);
		for (const { itemIndex, job } of members) {
			if (results.has(job.id)) outcomes.set(itemIndex, { value: results.get(job.id) });
			else outcomes.set(itemIndex, { error: errors.get(job.id) ?? missing(job, itemIndex) });
		}
	}

	const returnData: INodeExecutionData[] = [];
	for (const { itemIndex, job, error: readError } of jobs) {
		const outcome = outcomes.get(itemIndex);
		if (job && outcome && !outcome.error) {
			returnData.push({ json: output(job, outcome.value as T), pairedItem: { item: itemIndex } });
			continue;
		}
		const error = withItemIndex(context, (readError ?? outcome?.error) as Error, itemIndex);
		error.context.itemIndex = itemIndex;
		if (!context.continueOnFail()) throw error;
		returnData.push({ json: errorJson(error), pairedItem: { item: itemIndex } });
	}
	return returnData;
}
