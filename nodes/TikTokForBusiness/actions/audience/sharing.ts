import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkId, readAudienceTarget, splitIds } from '../../helpers/parameters';
import {
	cancelAudienceSharing,
	getShareLog,
	shareAudiences,
	type ShareLogEntry,
	type TikTokClient,
} from '../../transport';
import { runBatched, type BatchOutcome } from '../runner';

// dmp_custom_audience_share.yml: 1-10 audiences and 1-10 advertisers per request.
export const MAX_SHARED_ADVERTISERS = 10;
export const MAX_AUDIENCES_PER_SHARE = 10;

export interface ShareLog {
	entries: ShareLogEntry[];
	/** Advertisers whose latest log entry says the audience is shared with them. */
	sharedWith: Set<string>;
}

const NOT_SHARED = /cancel|stop|revok|unshar/i;

export async function readShareLog(
	client: TikTokClient,
	advertiserId: string,
	audienceId: string,
): Promise<ShareLog> {
	const entries = await getShareLog(client, advertiserId, audienceId);
	const latestStatus = new Map<string, string>();
	for (const entry of entries) {
		latestStatus.set(String(entry.shared_advertiser_id), String(entry.status ?? ''));
	}
	const sharedWith = new Set(
		[...latestStatus].filter(([, status]) => !NOT_SHARED.test(status)).map(([id]) => id),
	);
	return { entries, sharedWith };
}

/** Reads a list of 1 to `max` advertiser IDs separated by commas, spaces or new lines. */
export function readAdvertiserIdList(
	context: IExecuteFunctions,
	parameterName: string,
	itemIndex: number,
	max: number,
): string[] {
	const ids = splitIds(context.getNodeParameter(parameterName, itemIndex, '')).map((id) =>
		checkId(context, id, 'advertiser', itemIndex),
	);
	const unique = [...new Set(ids)];
	if (unique.length === 0 || unique.length > max) {
		throw new NodeOperationError(
			context.getNode(),
			unique.length === 0 ? 'No advertiser ID given' : `More than ${max} advertiser IDs given`,
			{ description: `Enter 1 to ${max} advertiser IDs, separated by commas.`, itemIndex },
		);
	}
	return unique;
}

interface SharingJob {
	advertiserId: string;
	audienceId: string;
	sharedAdvertiserIds: string[];
}

function readSharingJob(
	context: IExecuteFunctions,
	itemIndex: number,
	maxAdvertisers: number,
): SharingJob {
	const { advertiserId, audienceId } = readAudienceTarget(context, itemIndex);
	const sharedAdvertiserIds = readAdvertiserIdList(
		context,
		'sharedAdvertiserIds',
		itemIndex,
		maxAdvertisers,
	);
	return { advertiserId, audienceId, sharedAdvertiserIds };
}

/**
 * Shares audiences (/dmp/custom_audience/share/). A request shares every audience in it with
 * every advertiser in it, so only items of the same advertiser that share with the same ad
 * accounts go together, up to 10 audiences per request.
 */
export async function shareInBatches(
	context: IExecuteFunctions,
	client: TikTokClient,
): Promise<INodeExecutionData[]> {
	return await runBatched(
		context,
		client,
		(itemIndex) => {
			const job = readSharingJob(context, itemIndex, MAX_SHARED_ADVERTISERS);
			const targets = [...job.sharedAdvertiserIds].sort();
			return { key: JSON.stringify([job.advertiserId, targets]), job };
		},
		async (jobs, batchClient) => {
			const { advertiserId, sharedAdvertiserIds } = jobs[0].job;
			const audienceIds = [...new Set(jobs.map(({ job }) => job.audienceId))];
			await shareAudiences(
				batchClient,
				{
					advertiser_id: advertiserId,
					custom_audience_ids: audienceIds,
					shared_advertiser_ids: sharedAdvertiserIds,
				},
				// Sharing again after a lost reply could double the share; the logs tell instead.
				async () => {
					for (const audienceId of audienceIds) {
						const log = await readShareLog(batchClient, advertiserId, audienceId);
						if (!sharedAdvertiserIds.every((id) => log.sharedWith.has(id))) return undefined;
					}
					return { shared: true };
				},
			);
			return jobs.map(({ job }) => ({
				shared: true,
				audienceId: job.audienceId,
				advertiserId,
				sharedAdvertiserIds: job.sharedAdvertiserIds,
			}));
		},
		MAX_AUDIENCES_PER_SHARE,
	);
}

/**
 * Stops sharing (/dmp/custom_audience/share/cancel/). TikTok takes one audience and one
 * advertiser per request, so items can only share requests for the same pair: each pair is sent
 * once, and an item fails with the first of its pairs that TikTok refused.
 */
export async function cancelSharingInBatches(
	context: IExecuteFunctions,
	client: TikTokClient,
	maxAdvertisers: number,
): Promise<INodeExecutionData[]> {
	return await runBatched(
		context,
		client,
		(itemIndex) => {
			const job = readSharingJob(context, itemIndex, maxAdvertisers);
			return { key: JSON.stringify([job.advertiserId, job.audienceId]), job };
		},
		async (jobs, batchClient): Promise<BatchOutcome[]> => {
			const { advertiserId, audienceId } = jobs[0].job;
			const refused = new Map<string, Error>();
			for (const sharedAdvertiserId of new Set(
				jobs.flatMap(({ job }) => job.sharedAdvertiserIds),
			)) {
				try {
					await cancelAudienceSharing(
						batchClient,
						{
							advertiser_id: advertiserId,
							custom_audience_id: audienceId,
							shared_advertiser_id: sharedAdvertiserId,
						},
						async () => {
							const log = await readShareLog(batchClient, advertiserId, audienceId);
							return log.sharedWith.has(sharedAdvertiserId) ? undefined : { cancelled: true };
						},
					);
				} catch (error) {
					refused.set(sharedAdvertiserId, error as Error);
				}
			}
			return jobs.map(({ job }) => {
				const failedPair = job.sharedAdvertiserIds.find((id) => refused.has(id));
				if (failedPair !== undefined) return refused.get(failedPair) as Error;
				return {
					sharingCancelled: true,
					audienceId,
					advertiserId,
					sharedAdvertiserIds: job.sharedAdvertiserIds,
				};
			});
		},
	);
}
