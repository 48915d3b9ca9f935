import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { audienceStatus, type AudienceStatus } from '../../helpers/audiences';
import { getAudiences, type TikTokClient } from '../../transport';

const MAX_POLL_INTERVAL_MS = 10 * 60_000;

/** Options that let Get and Create or Update wait for TikTok's matching, for a bounded time. */
export const readinessOptions: INodeProperties[] = [
	{
		displayName: 'Wait Until Ready (Minutes)',
		name: 'waitMinutes',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 60, numberPrecision: 2 },
		default: 0,
		description:
			'How long to wait for TikTok to finish matching the audience, checking with growing pauses; 0 does not wait. Matching often takes 24-48 hours: for that, check again on a schedule instead.',
	},
	{
		displayName: 'First Check After (Seconds)',
		name: 'pollSeconds',
		type: 'number',
		typeOptions: { minValue: 0.1, numberPrecision: 1 },
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

/** TikTok's reply lacked an audience that was asked for. */
export function audienceNotFound(node: INode, audienceId: string, itemIndex?: number) {
	return new NodeApiError(
		node,
		{ audience_id: audienceId },
		{
			message: `TikTok returned no audience with ID ${audienceId}`,
			description:
				'Check that the audience belongs to, or is shared with, the selected advertiser.',
			itemIndex,
		},
	);
}

export interface Readiness {
	status: AudienceStatus;
	statusMessage: string;
	details: IDataObject;
	history: IDataObject[];
	waitedSeconds: number;
}

async function check(
	client: TikTokClient,
	advertiserId: string,
	audienceId: string,
	historySize: number,
) {
	const [entry] = await getAudiences(client, advertiserId, [audienceId], historySize);
	if (!entry) {
		throw audienceNotFound(client.node, audienceId, client.itemIndex);
	}
	const details = entry?.audience_details ?? {};
	return { details, history: entry?.audience_history ?? [], ...audienceStatus(details) };
}

/**
 * The audience's status, waiting up to `waitMs` while TikTok is still matching it. The wait ends
 * early as soon as the status is anything but processing, and never runs past its bound.
 */
export async function readiness(
	client: TikTokClient,
	advertiserId: string,
	audienceId: string,
	{ waitMs, pollMs, historySize = 100 }: { waitMs: number; pollMs: number; historySize?: number },
): Promise<Readiness> {
	let waitedMs = 0;
	let interval = Math.max(100, pollMs);
	for (;;) {
		const { details, history, status, message } = await check(
			client,
			advertiserId,
			audienceId,
			historySize,
		);
		const remaining = waitMs - waitedMs;
		if (status !== 'processing' || remaining <= 0) {
			const waitedSeconds = Math.round(waitedMs / 100) / 10;
			return { status, statusMessage: message, details, history, waitedSeconds };
		}
		const pause = Math.min(interval, remaining);
		await sleep(pause);
		waitedMs += pause;
		interval = Math.min(interval * 2, MAX_POLL_INTERVAL_MS);
	}
}

/** Reads the readiness options of an item. */
export function readReadinessOptions(options: IDataObject): {
	waitMs: number;
	pollMs: number;
	failIfNotReady: boolean;
} {
	const minutes = typeof options.waitMinutes === 'number' ? options.waitMinutes : 0;
	const seconds = typeof options.pollSeconds === 'number' ? options.pollSeconds : 30;
	return {
		waitMs: Math.max(0, minutes) * 60_000,
		pollMs: Math.max(0.1, seconds) * 1000,
		failIfNotReady: options.failIfNotReady === true,
	};
}

/** Fails an item whose audience is not usable, when the user asked for that. */
export function checkReady(
	client: TikTokClient,
	audienceId: string,
	{ status, statusMessage, waitedSeconds }: Readiness,
): void {
	if (status === 'ready' || status === 'expiring') return;
	throw new NodeOperationError(client.node, `Audience ${audienceId} is not ready: ${status}`, {
		description: `${statusMessage}. Waited ${waitedSeconds} s. Raise "Wait Until Ready (Minutes)", or check again later on a schedule.`,
		itemIndex: client.itemIndex,
	});
}
