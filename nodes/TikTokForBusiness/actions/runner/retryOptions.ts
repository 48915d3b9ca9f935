import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readOptionalNumber } from '../../parameters';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../transport';

/** The retry fields of an item's Options (descriptions/common.descriptions.ts: retryOptions). */
export function readRetryPolicy(context: IExecuteFunctions, itemIndex: number): RetryPolicy {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const maxAttempts = readOptionalNumber(
		context,
		options,
		'maxAttempts',
		{
			label: 'Max Attempts',
			min: 1,
			max: 10,
			integer: true,
			fallback: DEFAULT_RETRY_POLICY.maxAttempts,
		},
		itemIndex,
	);
	const maxTotalWait = readOptionalNumber(
		context,
		options,
		'maxTotalWait',
		{
			label: 'Max Total Wait (Seconds)',
			min: 0,
			max: 3600,
			fallback: DEFAULT_RETRY_POLICY.maxTotalWaitMs / 1000,
		},
		itemIndex,
	);
	const retryDelay = readOptionalNumber(
		context,
		options,
		'retryDelay',
		{
			label: 'Retry Delay (Ms)',
			min: 0,
			max: 600_000,
			fallback: DEFAULT_RETRY_POLICY.initialDelayMs,
		},
		itemIndex,
	);
	return { maxAttempts, initialDelayMs: retryDelay, maxTotalWaitMs: maxTotalWait * 1000 };
}
