import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { audienceTarget, optionsCollection } from '../../descriptions/common.descriptions';
import { readAudienceTarget, readIdList } from '../../parameters';
import { shareAudiences, SHARING_LIMITS } from '../../transport';
import { eachItem, runJobs, type Execute } from '../runner';
import { readShareLog } from './shareLog';

const properties: INodeProperties[] = [
	...audienceTarget,
	{
		displayName: 'Share With Advertiser IDs',
		name: 'sharedAdvertiserIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 7012345678901234567, 7012345678901234568',
		description:
			'Ad accounts to share the audience with (1 to 10 IDs, separated by commas). They must be in the same Business Center as the selected advertiser. Items of the same advertiser with the same ad accounts are sent together, up to 10 audiences per request.',
	},
	optionsCollection(),
];

const displayOptions = { show: { resource: ['audience'], operation: ['share'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * Shares audiences (/dmp/custom_audience/share/). A request shares every audience in it with
 * every ad account in it, so only items of the same advertiser that share with the same ad
 * accounts go together, up to 10 audiences per request.
 */
export const execute: Execute = async function (client) {
	return await runJobs(this, client, {
		jobs: eachItem(this, (itemIndex) => ({
			...readAudienceTarget(this, itemIndex),
			sharedAdvertiserIds: readIdList(this, 'sharedAdvertiserIds', itemIndex, {
				label: 'advertiser',
				max: SHARING_LIMITS.advertisersPerRequest,
			}),
		})),
		mergeKey: (job) => [job.advertiserId, [...job.sharedAdvertiserIds].sort()],
		unitOf: ({ audienceId }) => audienceId,
		maxPerRequest: SHARING_LIMITS.audiencesPerRequest,
		send: async (jobs, requestClient) => {
			const { advertiserId, sharedAdvertiserIds } = jobs[0].value;
			const audienceIds = [...new Set(jobs.map(({ value }) => value.audienceId))];
			// Sharing again after a lost reply could double the share; the logs tell instead.
			await shareAudiences(
				requestClient,
				{ advertiserId, audienceIds, sharedAdvertiserIds },
				async () => {
					for (const audienceId of audienceIds) {
						const log = await readShareLog(requestClient, { advertiserId, audienceId });
						if (!sharedAdvertiserIds.every((id) => log.sharedWith.has(id))) return false;
					}
					return true;
				},
			);
			return jobs.map(({ value }) => ({
				shared: true,
				audienceId: value.audienceId,
				advertiserId,
				sharedAdvertiserIds: value.sharedAdvertiserIds,
			}));
		},
		describeDone: (job) =>
			`shared audience ${job.audienceId} with ${job.sharedAdvertiserIds.join(', ')}`,
	});
};
