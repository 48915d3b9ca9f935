import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { audienceTarget, optionsCollection } from '../../descriptions/common.descriptions';
import { readAudienceTarget, readIdList } from '../../parameters';
import { AD_GROUP_LIMITS, changeAudienceAdGroups, type TikTokClient } from '../../transport';
import { eachItem, runJobs, type Execute } from '../runner';

export const adGroupIdsProperty: INodeProperties = {
	displayName: 'Ad Group IDs',
	name: 'adGroupIds',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 1780000000000001, 1780000000000002',
	description:
		'Ad groups of the selected advertiser, separated by commas. Items for the same audience are sent together.',
};

const properties: INodeProperties[] = [
	...audienceTarget,
	adGroupIdsProperty,
	{
		displayName: 'Usage',
		name: 'usageMode',
		type: 'options',
		options: [
			{
				name: 'Include',
				value: 'Include',
				description: 'Show the ad groups’ ads to this audience',
			},
			{ name: 'Exclude', value: 'Exclude', description: 'Keep this audience from seeing the ads' },
		],
		default: 'Include',
	},
	optionsCollection(),
];

const displayOptions = { show: { resource: ['audience'], operation: ['applyToAdGroups'] } };

export const description = updateDisplayOptions(displayOptions, properties);

type Usage = 'Include' | 'Exclude';

/**
 * Applies audiences to, or disconnects them from, ad groups (/dmp/custom_audience/apply/): the
 * ad groups of all items for the same audience (and usage) go in one request, 100 at a time.
 */
export async function changeAdGroups(
	context: IExecuteFunctions,
	client: TikTokClient,
	mode: 'Apply' | 'Disconnect',
) {
	return await runJobs(context, client, {
		jobs: eachItem(context, (itemIndex) => ({
			...readAudienceTarget(context, itemIndex),
			adGroupIds: readIdList(context, 'adGroupIds', itemIndex, { label: 'ad group' }),
			usage:
				mode === 'Apply'
					? (context.getNodeParameter('usageMode', itemIndex, 'Include') as Usage)
					: undefined,
		})),
		mergeKey: (job) => [job.advertiserId, job.audienceId, job.usage],
		send: async (jobs, requestClient) => {
			const { advertiserId, audienceId, usage } = jobs[0].value;
			const adGroupIds = [...new Set(jobs.flatMap(({ value }) => value.adGroupIds))];
			const size = AD_GROUP_LIMITS.adGroupsPerRequest;
			for (let start = 0; start < adGroupIds.length; start += size) {
				const part = adGroupIds.slice(start, start + size);
				await changeAudienceAdGroups(requestClient, {
					advertiserId,
					audienceId,
					adGroupIds: part,
					mode,
					usage,
				});
			}
			return jobs.map(({ value }) =>
				mode === 'Apply'
					? {
							applied: true,
							usageMode: usage,
							audienceId,
							advertiserId,
							adGroupIds: value.adGroupIds,
						}
					: { disconnected: true, audienceId, advertiserId, adGroupIds: value.adGroupIds },
			);
		},
		describeDone: (job) =>
			`${mode === 'Apply' ? 'applied' : 'disconnected'} audience ${job.audienceId} ${mode === 'Apply' ? 'to' : 'from'} ad groups ${job.adGroupIds.join(', ')}`,
	});
}

export const execute: Execute = async function (client) {
	return await changeAdGroups(this, client, 'Apply');
};
