import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

// What a run is made of: jobs, each the work of one or more input items. An item whose
// parameters cannot be read becomes a job of its own that fails, so only it fails.

export interface Job<T> {
	/** The input items the job's output is paired with, in input order. */
	itemIndices: number[];
	value: T;
}

export interface FailedJob {
	itemIndices: number[];
	error: Error;
}

export type ReadJob<T> = Job<T> | FailedJob;

export function isFailedJob<T>(job: ReadJob<T>): job is FailedJob {
	return 'error' in job;
}

function readOne<T>(read: (itemIndex: number) => T, itemIndices: number[]): ReadJob<T> {
	try {
		return { itemIndices, value: read(itemIndices[0]) };
	} catch (error) {
		return { itemIndices, error: error as Error };
	}
}

/** One job per input item. */
export function eachItem<T>(
	context: IExecuteFunctions,
	read: (itemIndex: number) => T,
): Array<ReadJob<T>> {
	return context.getInputData().map((_, itemIndex) => readOne(read, [itemIndex]));
}

/** Whether a parameter holds no expression, so it has the same value for every item. */
export function isFixedParameter(context: IExecuteFunctions, name: string): boolean {
	return !JSON.stringify(context.getNode().parameters[name] ?? '').includes('"=');
}

/**
 * One job per group of items that read the same (by `key`, compared by value), e.g. every item
 * that names the same ad account and audience. When the parameters `read` depends on hold no
 * expression, every item reads the same and only the first is read: 100,000 items stay fast.
 */
export function groupItems<T>(
	context: IExecuteFunctions,
	group: {
		parameters: string[];
		read: (itemIndex: number) => T;
		key: (value: T) => unknown;
		/**
		 * What the items of a group must also agree on (e.g. the fields a group changes): a group
		 * whose items disagree fails as a whole, since it is one request.
		 */
		agree?: { on: (value: T) => unknown; what: string };
	},
): Array<ReadJob<T>> {
	const itemCount = context.getInputData().length;
	if (itemCount === 0) return [];
	if (group.parameters.every((name) => isFixedParameter(context, name))) {
		return [
			readOne(
				group.read,
				Array.from({ length: itemCount }, (_, itemIndex) => itemIndex),
			),
		];
	}
	const jobs: Array<ReadJob<T>> = [];
	const byKey = new Map<string, { job: Job<T>; agreed: string }>();
	/** The first item of a group that disagrees with the group's first item. */
	const conflicts = new Map<Job<T>, number>();
	const agreement = (value: T) => JSON.stringify(group.agree?.on(value) ?? null);
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const job = readOne(group.read, [itemIndex]);
		if (isFailedJob(job)) {
			jobs.push(job);
			continue;
		}
		const key = JSON.stringify(group.key(job.value));
		const same = byKey.get(key);
		if (!same) {
			byKey.set(key, { job, agreed: agreement(job.value) });
			jobs.push(job);
			continue;
		}
		same.job.itemIndices.push(itemIndex);
		if (!conflicts.has(same.job) && agreement(job.value) !== same.agreed) {
			conflicts.set(same.job, itemIndex);
		}
	}
	return jobs.map((job) => {
		const conflict = isFailedJob(job) ? undefined : conflicts.get(job);
		if (conflict === undefined) return job;
		const error = new NodeOperationError(
			context.getNode(),
			`Items ${job.itemIndices[0]} and ${conflict} name the same target but differ in ${group.agree?.what}`,
			{
				description: `Items that name the same target are sent together and must agree on ${group.agree?.what}. Give them the same values, or run them separately. Nothing was sent for these items.`,
				itemIndex: conflict,
			},
		);
		return { itemIndices: job.itemIndices, error };
	});
}
