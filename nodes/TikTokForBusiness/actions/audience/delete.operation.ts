import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	advertiserLocator,
	audienceLocator,
	optionsCollection,
} from '../../descriptions/common.descriptions';
import { readAudienceTarget } from '../../parameters';
import { AUDIENCE_LIMITS, deleteAudiences, listAudiences } from '../../transport';
import { eachItem, runJobs, type Execute } from '../runner';

const properties: INodeProperties[] = [
	advertiserLocator,
	{
		...audienceLocator,
		description:
			'The audience to delete. Items are deleted together, up to 100 audiences per request to TikTok.',
	},
	optionsCollection(),
];

const displayOptions = { show: { resource: ['audience'], operation: ['delete'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * Deletes up to 100 audiences of an advertiser per request. When TikTok refuses a request for one
 * audience, the audiences are deleted one by one so that only that item fails; without Continue
 * On Fail nothing is deleted after it, and the error lists what was.
 */
export const execute: Execute = async function (client) {
	return await runJobs(this, client, {
		jobs: eachItem(this, (itemIndex) => readAudienceTarget(this, itemIndex)),
		mergeKey: ({ advertiserId }) => advertiserId,
		unitOf: ({ audienceId }) => audienceId,
		maxPerRequest: AUDIENCE_LIMITS.idsPerRequest,
		send: async (jobs, requestClient) => {
			const { advertiserId } = jobs[0].value;
			const audienceIds = [...new Set(jobs.map(({ value }) => value.audienceId))];
			// Deleting again would fail on the audiences that are gone: check instead.
			await deleteAudiences(requestClient, { advertiserId, audienceIds }, async () => {
				const remaining = await listAudiences(requestClient, { advertiserId, audienceIds });
				return remaining.length === 0;
			});
			return jobs.map(({ value }) => ({ deleted: true, ...value }));
		},
		describeDone: ({ advertiserId, audienceId }) =>
			`deleted audience ${audienceId} of ad account ${advertiserId}`,
	});
};
