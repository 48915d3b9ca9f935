import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ChunkedResults } from '../helpers/chunks';
import type { TikTokClient } from '../transport';

// How items run: one by one, in groups that share one upload, or batched by ID. Every output
// item is paired with its input items, and Continue On Fail turns an error into an output item.

export type ItemResult = IDataObject | IDataObject[];

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

/** What a failed item outputs under Continue On Fail: the reason, never request details. */
export function errorJson(error: Error): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.description) json.description = error.description;
	}
	if (error instanceof NodeApiError) {
		const response = (error.errorResponse ?? {}) as IDataObject;
		if (response.code !== undefined && response.code !== null) json.code = response.code;
		if (response.request_id) json.requestId = response.request_id;
	}
	return json;
}

export function withItemIndex(
	context: IExecuteFunctions,
	error: Error,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), error, { itemIndex });
}

/** The same error with a sentence added to its message, e.g. how far an upload got. */
export function extendError(
	context: IExecuteFunctions,
	error: Error,
	addition: string,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const message = `${error.message} ${addition}`;
	if (error instanceof NodeApiError) {
		return new NodeApiError(context.getNode(), (error.errorResponse ?? {}) as JsonObject, {
			message,
			description: error.description ?? undefined,
			httpCode: error.httpCode ?? undefined,
			itemIndex,
		});
	}
	const description =
		error instanceof NodeOperationError ? (error.description ?? undefined) : undefined;
	return new NodeOperationError(context.getNode(), message, { description, itemIndex });
}

/** Outputs a failed run for its items under Continue On Fail; otherwise throws. */
function failed(
	context: IExecuteFunctions,
	error: Error,
	pairedItem: IPairedItemData | IPairedItemData[],
	output: INodeExecutionData[],
): void {
	const first = Array.isArray(pairedItem) ? pairedItem[0] : pairedItem;
	if (!context.continueOnFail()) throw withItemIndex(context, error, first.item);
	output.push({ json: errorJson(error), pairedItem });
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
		try {
			const result = await run(itemIndex, client.forItem(itemIndex));
			// One push per entry: spreading a list of 100,000s of entries overflows the stack.
			for (const json of Array.isArray(result) ? result : [result]) {
				output.push({ json, pairedItem: { item: itemIndex } });
			}
		} catch (error) {
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

export interface IdJob {
	/** Items with the same group key are sent together (e.g. the same advertiser and fields). */
	groupKey: string;
	id: string;
}

/**
 * Runs an operation that TikTok accepts for many IDs at once: reads each item's ID, sends the
 * IDs of each group together (`runGroup`, with the client of the group's first item), and
 * outputs one item per input item, in order. An item whose ID is bad fails alone.
 */
export async function runBatchedById<T>(
	context: IExecuteFunctions,
	client: TikTokClient,
	readJob: (itemIndex: number) => IdJob,
	runGroup: (groupKey: string, ids: string[], client: TikTokClient) => Promise<ChunkedResults<T>>,
	output: (job: IdJob, value: T) => IDataObject,
	missing: (job: IdJob, itemIndex: number) => Error,
): Promise<INodeExecutionData[]> {
	const jobs = context.getInputData().map((_, itemIndex) => {
		try {
			return { itemIndex, job: readJob(itemIndex) };
		} catch (error) {
			return { itemIndex, error: error as Error };
		}
	});
	const groups = new Map<string, Array<{ itemIndex: number; job: IdJob }>>();
	for (const { itemIndex, job } of jobs) {
		if (!job) continue;
		const group = groups.get(job.groupKey) ?? [];
		group.push({ itemIndex, job });
		groups.set(job.groupKey, group);
	}
	const outcomes = new Map<number, { value?: T; error?: Error }>();
	for (const [groupKey, members] of groups) {
		const ids = members.map(({ job }) => job.id);
		const { results, errors } = await runGroup(groupKey, ids, client.forItem(members[0].itemIndex));
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
		// An error shared by a chunk's items is reported for each of them with its own index.
		const error = withItemIndex(context, (readError ?? outcome?.error) as Error, itemIndex);
		error.context.itemIndex = itemIndex;
		if (!context.continueOnFail()) throw error;
		returnData.push({ json: errorJson(error), pairedItem: { item: itemIndex } });
	}
	return returnData;
}

export interface BatchJob<Job> {
	itemIndex: number;
	job: Job;
}

/**
 * Runs items whose requests can be merged: items with the same key are sent together by `send`
 * (in as many requests as it needs), which returns each item's output in order. When a merged
 * request fails, its items are sent one by one, so that a bad item fails alone.
 */
export async function runBatched<Job>(
	context: IExecuteFunctions,
	client: TikTokClient,
	readJob: (itemIndex: number) => { key: string; job: Job },
	send: (jobs: Array<BatchJob<Job>>, client: TikTokClient) => Promise<IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const outcomes = new Map<number, IDataObject | Error>();
	const groups = new Map<string, Array<BatchJob<Job>>>();
	context.getInputData().forEach((_, itemIndex) => {
		try {
			const { key, job } = readJob(itemIndex);
			const group = groups.get(key);
			if (group) group.push({ itemIndex, job });
			else groups.set(key, [{ itemIndex, job }]);
		} catch (error) {
			outcomes.set(itemIndex, error as Error);
		}
	});
	const sendAlone = async (jobs: Array<BatchJob<Job>>) => {
		for (const job of jobs) {
			try {
				outcomes.set(job.itemIndex, (await send([job], client.forItem(job.itemIndex)))[0]);
			} catch (error) {
				outcomes.set(job.itemIndex, error as Error);
			}
		}
	};
	for (const jobs of groups.values()) {
		if (jobs.length === 1) {
			await sendAlone(jobs);
			continue;
		}
		try {
			const results = await send(jobs, client.forItem(jobs[0].itemIndex));
			jobs.forEach((job, index) => outcomes.set(job.itemIndex, results[index]));
		} catch {
			await sendAlone(jobs);
		}
	}
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < context.getInputData().length; itemIndex++) {
		const outcome = outcomes.get(itemIndex) as IDataObject | Error;
		if (!(outcome instanceof Error)) {
			output.push({ json: outcome, pairedItem: { item: itemIndex } });
			continue;
		}
		const error = withItemIndex(context, outcome, itemIndex);
		if (!context.continueOnFail()) throw error;
		output.push({ json: errorJson(error), pairedItem: { item: itemIndex } });
	}
	return output;
}
