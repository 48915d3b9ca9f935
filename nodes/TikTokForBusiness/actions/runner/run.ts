import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { isCredentialFailure, isRefusalOfContent, type TikTokClient } from '../../transport';
import { isFailedJob, type Job, type ReadJob } from './jobs';
import { OutputWriter, type Outcome } from './output';
import { readRetryPolicy } from './retryOptions';

export interface RunPlan<T> {
	jobs: Array<ReadJob<T>>;
	/**
	 * Jobs whose keys are equal (compared by value) may be sent in one request, e.g. the IDs of one
	 * advertiser. Without it every job is sent alone.
	 */
	mergeKey?: (value: T, itemIndices: number[]) => unknown;
	/** The most jobs in one request, or with `unitOf`, the most distinct units. */
	maxPerRequest?: number;
	/** What a job puts into a request (e.g. its audience ID): jobs with the same unit share it. */
	unitOf?: (value: T) => string;
	/**
	 * Sends one request for these jobs (several only when merged) and returns one outcome per
	 * job, in order. What it throws is every job's outcome.
	 */
	send: (jobs: Array<Job<T>>, client: TikTokClient) => Promise<Outcome[]>;
	/**
	 * Whether a merged request is never sent again job by job: its `send` reports each job's
	 * failure itself, and what it throws is every job's.
	 */
	alwaysTogether?: boolean;
	/** What a job that succeeded changed, for the message of a failure that stops the run. */
	describeDone?: (value: T, output: IDataObject | undefined) => string | undefined;
	/** Fields added to a failed job's output under Continue On Fail. */
	errorDetails?: (value: T) => IDataObject;
}

/** The jobs that go into each request, in the order they are sent. */
function planRequests<T>(jobs: Array<Job<T>>, plan: RunPlan<T>): Array<Array<Job<T>>> {
	if (!plan.mergeKey) return jobs.map((job) => [job]);
	const groups = new Map<string, Array<Job<T>>>();
	for (const job of jobs) {
		const key = JSON.stringify(plan.mergeKey(job.value, job.itemIndices));
		const group = groups.get(key);
		if (group) group.push(job);
		else groups.set(key, [job]);
	}
	const max = plan.maxPerRequest ?? Number.POSITIVE_INFINITY;
	const requests: Array<Array<Job<T>>> = [];
	for (const group of groups.values()) {
		let request: Array<Job<T>> = [];
		// Without `unitOf` every job is a unit of its own.
		const units = new Set<string>();
		for (const job of group) {
			const unit = plan.unitOf?.(job.value);
			const isNew = unit === undefined || !units.has(unit);
			if (
				isNew &&
				request.length > 0 &&
				(unit === undefined ? request.length : units.size) >= max
			) {
				requests.push(request);
				request = [];
				units.clear();
			}
			if (unit !== undefined) units.add(unit);
			request.push(job);
		}
		if (request.length > 0) requests.push(request);
	}
	return requests;
}

/**
 * Runs an operation's jobs and writes their output: the one way items run. Jobs are sent alone
 * or merged into shared requests (`mergeKey`). A merged request that TikTok refuses for its
 * content is sent again job by job, so that a bad item fails alone; any other failure (token,
 * rate limits, TikTok or the network down) is every merged job's and costs no more requests, and
 * a rejected credential fails the jobs still to come without sending them. Without Continue On
 * Fail nothing is sent once an item has failed: items whose parameters cannot be read fail the run
 * before any request, and a later failure names what the run had already done.
 */
export async function runJobs<T>(
	context: IExecuteFunctions,
	client: TikTokClient,
	plan: RunPlan<T>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = context.continueOnFail();
	const jobs = plan.jobs
		.map((job) => withRetryPolicy(context, job))
		.sort((a, b) => a.job.itemIndices[0] - b.job.itemIndices[0]);
	const writer = new OutputWriter(
		context,
		jobs.map(({ job }) => job),
		{ done: plan.describeDone, errorDetails: plan.errorDetails },
	);
	const failedRead = jobs.find(({ job }) => isFailedJob(job));
	if (failedRead && !continueOnFail)
		writer.fail(failedRead.job, (failedRead.job as { error: Error }).error);

	const clients = new Map<Job<T>, TikTokClient>();
	const ready: Array<Job<T>> = [];
	for (const { job, policy } of jobs) {
		if (isFailedJob(job)) await writer.settle(job, job.error);
		else {
			ready.push(job);
			clients.set(job, policy ? client.withRetryPolicy(policy) : client);
		}
	}

	let credentialFailure: Error | undefined;
	/** Settles a request's jobs: what any of them did counts as done before a failure is told. */
	const settle = async (request: Array<Job<T>>, outcomes: Outcome[]) => {
		request.forEach((job, index) => {
			if (!(outcomes[index] instanceof Error)) writer.noteDone(job, outcomes[index]);
		});
		for (const [index, job] of request.entries()) {
			const outcome = outcomes[index];
			if (outcome instanceof Error && !continueOnFail) writer.fail(job, outcome);
			await writer.settle(job, outcome);
		}
	};
	const sendEach = async (request: Array<Job<T>>) => {
		for (const job of request) {
			let outcome: Outcome;
			if (credentialFailure) {
				outcome = credentialFailure;
			} else {
				try {
					[outcome] = await plan.send([job], clients.get(job) as TikTokClient);
				} catch (error) {
					if (isCredentialFailure(error)) credentialFailure = error as Error;
					outcome = error as Error;
				}
			}
			await settle([job], [outcome]);
		}
	};
	for (const request of planRequests(ready, plan)) {
		if (request.length === 1 || credentialFailure) {
			await sendEach(request);
			continue;
		}
		let outcomes: Outcome[];
		try {
			outcomes = await plan.send(request, clients.get(request[0]) as TikTokClient);
		} catch (error) {
			if (!plan.alwaysTogether && isRefusalOfContent(error)) {
				await sendEach(request);
				continue;
			}
			if (isCredentialFailure(error)) credentialFailure = error as Error;
			outcomes = request.map(() => error as Error);
		}
		await settle(request, outcomes);
	}
	return writer.output;
}

/** Each job with the retry settings of its first item, or failed when they cannot be read. */
function withRetryPolicy<T>(context: IExecuteFunctions, job: ReadJob<T>) {
	if (isFailedJob(job)) return { job };
	try {
		return { job, policy: readRetryPolicy(context, job.itemIndices[0]) };
	} catch (error) {
		return { job: { itemIndices: job.itemIndices, error: error as Error } as ReadJob<T> };
	}
}
