import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
} from 'n8n-workflow';

import { errorJson, extendError, withItemIndex } from './errors';
import type { ReadJob } from './jobs';

/** What a job ends with: its output (one item, several, or pages as they arrive), or an error. */
export type Outcome = IDataObject | IDataObject[] | AsyncIterable<IDataObject[]> | Error;

const LISTED_DONE = 5;

function isSingleOutput(outcome: Outcome): outcome is IDataObject {
	return (
		!(outcome instanceof Error) && !Array.isArray(outcome) && !(Symbol.asyncIterator in outcome)
	);
}

function pairedItemOf(itemIndices: number[]): IPairedItemData | IPairedItemData[] {
	return itemIndices.length === 1
		? { item: itemIndices[0] }
		: itemIndices.map((item) => ({ item }));
}

/**
 * The one place outcomes become output: in input order, each paired with its items, pages written
 * as they are read; an error becomes an output item under Continue On Fail and is thrown
 * otherwise, naming what the run had already done.
 */
export class OutputWriter<T> {
	readonly output: INodeExecutionData[] = [];

	private readonly outcomes = new Map<ReadJob<T>, Outcome>();

	private written = 0;

	/** What jobs that succeeded did, for the error of a later failure. */
	private readonly done: string[] = [];

	constructor(
		private readonly context: IExecuteFunctions,
		/** In input order. */
		private readonly jobs: Array<ReadJob<T>>,
		private readonly describe: {
			done?: (value: T, output: IDataObject | undefined) => string | undefined;
			errorDetails?: (value: T) => IDataObject;
		},
	) {}

	/** Keeps a job's outcome and writes every job whose turn has come. */
	async settle(job: ReadJob<T>, outcome: Outcome): Promise<void> {
		this.outcomes.set(job, outcome);
		while (this.written < this.jobs.length) {
			const next = this.jobs[this.written];
			const settled = this.outcomes.get(next);
			if (settled === undefined) return;
			this.outcomes.delete(next);
			this.written++;
			await this.write(next, settled);
		}
	}

	/** Fails the run at `job` (without Continue On Fail), saying what was done before. */
	fail(job: ReadJob<T>, error: Error): never {
		const itemError = withItemIndex(this.context, error, job.itemIndices[0]);
		if (this.done.length === 0) throw itemError;
		const listed = this.done.slice(0, LISTED_DONE).join('; ');
		const more =
			this.done.length > LISTED_DONE ? ` and ${this.done.length - LISTED_DONE} more` : '';
		throw extendError(this.context, itemError, {
			description: `Before this failure the run had already: ${listed}${more}.`,
		});
	}

	/** Notes what a job's success did, as soon as it is known (before its turn to be written). */
	noteDone(job: ReadJob<T>, outcome: Outcome): void {
		if (!('value' in job)) return;
		const output = isSingleOutput(outcome) ? outcome : undefined;
		const done = this.describe.done?.(job.value, output);
		if (done !== undefined) this.done.push(done);
	}

	private async write(job: ReadJob<T>, outcome: Outcome): Promise<void> {
		const pairedItem = pairedItemOf(job.itemIndices);
		const start = this.output.length;
		try {
			if (outcome instanceof Error) throw outcome;
			// One push per entry: spreading a list of 100,000s of entries overflows the stack.
			const pages =
				Symbol.asyncIterator in outcome ? outcome : [Array.isArray(outcome) ? outcome : [outcome]];
			for await (const page of pages) {
				for (const json of page) this.output.push({ json, pairedItem });
			}
		} catch (error) {
			// A list that fails on a later page outputs its error only.
			this.output.length = start;
			if (!this.context.continueOnFail()) this.fail(job, error as Error);
			const details = 'value' in job ? (this.describe.errorDetails?.(job.value) ?? {}) : {};
			this.output.push({ json: { ...errorJson(error as Error), ...details }, pairedItem });
		}
	}
}
