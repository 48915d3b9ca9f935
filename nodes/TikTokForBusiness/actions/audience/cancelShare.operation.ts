import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { audienceTarget, optionsCollection } from '../../descriptions/common.descriptions';
import { readAudienceTarget, readIdList } from '../../parameters';
import { cancelAudienceSharing, isRefusalOfContent } from '../../transport';
import { eachItem, runJobs, type Execute } from '../runner';
import { readShareLog } from './shareLog';

const MAX_ADVERTISERS = 100;

const properties: INodeProperties[] = [
	...audienceTarget,
	{
		displayName: 'Stop Sharing With Advertiser IDs',
		name: 'sharedAdvertiserIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 7012345678901234567',
		description:
			'Ad accounts that should no longer see the audience (separated by commas). TikTok takes one ad account per request; items asking for the same one share it.',
	},
	optionsCollection(),
];

const displayOptions = { show: { resource: ['audience'], operation: ['cancelShare'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * Stops sharing (/dmp/custom_audience/share/cancel/). TikTok takes one audience and one ad
 * account per request, so items share requests only for the same pair: each pair is sent once,
 * and an item fails with the first of its pairs that TikTok refused.
 */
export const execute: Execute = async function (client) {
	return await runJobs(this, client, {
		jobs: eachItem(this, (itemIndex) => ({
			...readAudienceTarget(this, itemIndex),
			sharedAdvertiserIds: readIdList(this, 'sharedAdvertiserIds', itemIndex, {
				label: 'advertiser',
				max: MAX_ADVERTISERS,
			}),
		})),
		mergeKey: (job) => [job.advertiserId, job.audienceId],
		send: async (jobs, requestClient) => {
			const { advertiserId, audienceId } = jobs[0].value;
			const refused = new Map<string, Error>();
			const pairs = new Set(jobs.flatMap(({ value }) => value.sharedAdvertiserIds));
			for (const sharedAdvertiserId of pairs) {
				const target = { advertiserId, audienceId, sharedAdvertiserId };
				const failure = await cancelAudienceSharing(requestClient, target, async () => {
					const log = await readShareLog(requestClient, { advertiserId, audienceId });
					return !log.sharedWith.has(sharedAdvertiserId);
				}).then(
					() => undefined,
					(error: Error) => error,
				);
				if (failure === undefined) continue;
				// Only a refusal of this pair is this pair's; anything else is every pair's.
				if (!isRefusalOfContent(failure)) throw failure;
				refused.set(sharedAdvertiserId, failure);
			}
			return jobs.map(({ value }) => {
				const failedPair = value.sharedAdvertiserIds.find((id) => refused.has(id));
				if (failedPair !== undefined) return refused.get(failedPair) as Error;
				return {
					sharingCancelled: true,
					audienceId,
					advertiserId,
					sharedAdvertiserIds: value.sharedAdvertiserIds,
				};
			});
		},
		describeDone: (job) =>
			`stopped sharing audience ${job.audienceId} with ${job.sharedAdvertiserIds.join(', ')}`,
	});
};
