import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ChunkedResults } from '../../helpers/chunks';
import { mayBeOneItemsFault, type TikTokClient } from '../../transport';
import { errorJson, withItemIndex } from './errors';

// Items whose requests TikTok takes together: by ID (Get, Delete) or merged into shared requests
// (Apply, Disconnect, Share, Cancel Sharing). Each item still gets its own output, pairing and
// error.

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

/** One item's outcome in a merged request: its output, or the error that is its alone. */
export type BatchOutcome = IDataObject | Error;

/** Splits `values` into runs of at most `size` (all of them when `size` is undefined). */
function runsOf<T>(values: T[], size: number | undefined): T[][] {
	if (size === undefined || values.length <= size) return [values];
	const runs: T[][] = [];
	for (let start = 0; start < values.length; start += size) {
		runs.push(values.slice(start, start + size));
	}
	return runs;
}

/**
 * Runs items whose requests can be merged: items with the same key are sent together by `send`,
 * at most `itemsPerRequest` at a time (or all, when `send` splits them itself), which returns
 * each item's outcome in order. When TikTok refuses a merged request for its content, its items
 * are sent one by one, so that a bad item fails alone; any other failure (token, rate limits,
 * TikTok or the network down) is every item's, and costs no more requests.
 */
export async function runBatched<Job>(
	context: IExecuteFunctions,
	client: TikTokClient,
	readJob: (itemIndex: number) => { key: string; job: Job },
	send: (jobs: Array<BatchJob<Job>>, client: TikTokClient) => Promise<BatchOutcome[]>,
	itemsPerRequest?: number,
): Promise<INodeExecutionData[]> {
	const outcomes = new Map<number, BatchOutcome>();
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
	for (const group of groups.values()) {
		for (const jobs of runsOf(group, itemsPerRequest)) {
			if (jobs.length === 1) {
				await sendAlone(jobs);
				continue;
			}
			try {
				const results = await send(jobs, client.forItem(jobs[0].itemIndex));
				jobs.forEach((job, index) => outcomes.set(job.itemIndex, results[index]));
			} catch (error) {
				if (mayBeOneItemsFault(error)) await sendAlone(jobs);
				else for (const job of jobs) outcomes.set(job.itemIndex, error as Error);
			}
		}
	}
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < context.getInputData().length; itemIndex++) {
		const outcome = outcomes.get(itemIndex) as BatchOutcome;
		if (!(outcome instanceof Error)) {
			output.push({ json: outcome, pairedItem: { item: itemIndex } });
			continue;
		}
		// An error shared by items of one request is reported for each of them with its own index.
		const error = withItemIndex(context, outcome, itemIndex);
		error.context.itemIndex = itemIndex;
		if (!context.continueOnFail()) throw error;
		output.push({ json: errorJson(error), pairedItem: { item: itemIndex } });
	}
	return output;
}
