import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { TikTokClient } from '../../transport';
import { eachItem } from './jobs';
import type { Outcome } from './output';
import { runJobs } from './run';

/** Runs an operation for all input items; the client serves the whole execution. */
export type Execute = (
	this: IExecuteFunctions,
	client: TikTokClient,
) => Promise<INodeExecutionData[]>;

/** What every operation module exports. */
export interface Operation {
	description: INodeProperties[];
	execute: Execute;
}

/** An operation that runs once per input item. */
export interface ItemOperation<T> {
	/**
	 * Reads and checks an item's parameters. Every item is read before the first request, so a
	 * bad value fails the run (or, under Continue On Fail, its item) before anything is sent.
	 */
	read: (this: IExecuteFunctions, itemIndex: number) => T;
	/** Runs the operation for one item: one output item, several, or pages as they arrive. */
	run: (
		this: IExecuteFunctions,
		value: T,
		client: TikTokClient,
	) => Promise<Exclude<Outcome, Error>>;
	/** What a run that succeeded changed, for the message of a later failure. */
	describeDone?: (value: T, output: IDataObject | undefined) => string | undefined;
}

export function perItem<T>(operation: ItemOperation<T>): Execute {
	return async function (this: IExecuteFunctions, client: TikTokClient) {
		return await runJobs(this, client, {
			jobs: eachItem(this, (itemIndex) => operation.read.call(this, itemIndex)),
			send: async ([job], itemClient) => [await operation.run.call(this, job.value, itemClient)],
			describeDone: operation.describeDone,
		});
	};
}
