import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { readOptionalNumber } from '../../parameters';
import { audienceStatus, type AudienceStatus } from '../../summaries/audience';
import { getAudiences, type TikTokClient } from '../../transport';
import { audienceNotFound } from './notFound';

const MAX_POLL_INTERVAL_MS = 10 * 60_000;
const MAX_WAIT_MINUTES = 60;
const MAX_FIRST_CHECK_SECONDS = 600;

/** Options that let Get and Create or Update wait for TikTok's matching, for a bounded time. */
export const readinessOptions: INodeProperties[] = [
	{
		displayName: 'Wait Until Ready (Minutes)',
		name: 'waitMinutes',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_WAIT_MINUTES, numberPrecision: 2 },
		default: 0,
		description:
			'How long to wait for TikTok to finish matching the audience, checking with growing pauses; 0 does not wait. Matching often takes 24-48 hours: for that, check again on a schedule instead.',
	},
	{
		displayName: 'First Check After (Seconds)',
		name: 'pollSeconds',
		type: 'number',
		typeOptions: { minValue: 0.1, maxValue: MAX_FIRST_CHECK_SECONDS, numberPrecision: 1 },
		default: 30,
		description: 'Pause before the first check while waiting; each later pause doubles',
	},
	{
		displayName: 'Fail If Not Ready',
		name: 'failIfNotReady',
		type: 'boolean',
		default: false,
		description: 'Whether to fail the item when the audience is not ready at the end of the wait',
	},
];

export interface Readiness {
	status: AudienceStatus;
	statusMessage: string;
	details: IDataObject;
	history: IDataObject[];
	waitedSeconds: number;
}

export interface ReadinessWait {
	waitMs: number;
	pollMs: number;
	failIfNotReady: boolean;
}

/**
 * Reads an item's readiness options. Expressions may give NaN, Infinity or text, which would poll
 * without pause or wait forever: such values fail the item with a message naming the field.
 */
export function readReadinessOptions(
	context: IExecuteFunctions,
	options: IDataObject,
	itemIndex: number,
): ReadinessWait {
	const minutes = readOptionalNumber(
		context,
		options,
		'waitMinutes',
		{ label: 'Wait Until Ready (Minutes)', min: 0, max: MAX_WAIT_MINUTES, fallback: 0 },
		itemIndex,
	);
	const seconds = readOptionalNumber(
		context,
		options,
		'pollSeconds',
		{ label: 'First Check After (Seconds)', min: 0.1, max: MAX_FIRST_CHECK_SECONDS, fallback: 30 },
		itemIndex,
	);
	return {
		waitMs: minutes * 60_000,
		pollMs: seconds * 1000,
		failIfNotReady: options.failIfNotReady === true,
	};
}

/** One audience's details, history and status; TikTok's reply lacking it is an error. */
export async function readAudience(
	client: TikTokClient,
	node: INode,
	target: { advertiserId: string; audienceId: string; historySize?: number },
): Promise<Omit<Readiness, 'waitedSeconds'>> {
	const [entry] = await getAudiences(client, {
		advertiserId: target.advertiserId,
		audienceIds: [target.audienceId],
		historySize: target.historySize,
	});
	if (!entry) throw audienceNotFound(node, target.audienceId);
	const details = entry.audience_details ?? {};
	const { status, message } = audienceStatus(details);
	return { details, history: entry.audience_history ?? [], status, statusMessage: message };
}

/**
 * The audience's status, waiting up to `waitMs` while TikTok is still matching it. The wait ends
 * early as soon as the status is anything but processing, and never runs past its bound.
 */
export async function readiness(
	client: TikTokClient,
	node: INode,
	target: { advertiserId: string; audienceId: string; historySize?: number },
	{ waitMs, pollMs }: ReadinessWait,
): Promise<Readiness> {
	let waitedMs = 0;
	let interval = Math.max(100, pollMs);
	for (;;) {
		const read = await readAudience(client, node, target);
		const remaining = waitMs - waitedMs;
		if (read.status !== 'processing' || remaining <= 0) {
			return { ...read, waitedSeconds: Math.round(waitedMs / 100) / 10 };
		}
		const pause = Math.min(interval, remaining);
		await sleep(pause);
		waitedMs += pause;
		interval = Math.min(interval * 2, MAX_POLL_INTERVAL_MS);
	}
}

/** Fails an item whose audience is not usable, when the user asked for that. */
export function checkReady(node: INode, audienceId: string, ready: Readiness): void {
	const { status, statusMessage, waitedSeconds } = ready;
	if (status === 'ready' || status === 'expiring') return;
	throw new NodeOperationError(node, `Audience ${audienceId} is not ready: ${status}`, {
		description: `${statusMessage}. Waited ${waitedSeconds} s. Raise "Wait Until Ready (Minutes)", or check again later on a schedule.`,
	});
}
