import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { chunk, checkId, readAudienceTarget, splitIds } from '../../helpers/parameters';
import { applyAudience, type TikTokClient } from '../../transport';
import { runBatched } from '../runner';

// dmp_custom_audience_apply.yml states no limit on adgroup_ids; 100, TikTok's limit for its
// other ID lists, is the size a request can be expected to take.
export const MAX_AD_GROUPS_PER_REQUEST = 100;

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

interface AdGroupJob {
	advertiserId: string;
	audienceId: string;
	adGroupIds: string[];
}

function readJob(context: IExecuteFunctions, itemIndex: number): AdGroupJob {
	const { advertiserId, audienceId } = readAudienceTarget(context, itemIndex);
	const adGroupIds = [
		...new Set(
			splitIds(context.getNodeParameter('adGroupIds', itemIndex, '')).map((id) =>
				checkId(context, id, 'ad group', itemIndex),
			),
		),
	];
	if (adGroupIds.length === 0) {
		throw new NodeOperationError(context.getNode(), 'No ad group ID given', {
			description: 'Enter at least one ad group ID.',
			itemIndex,
		});
	}
	return { advertiserId, audienceId, adGroupIds };
}

/**
 * Applies audiences to, or disconnects them from, ad groups (/dmp/custom_audience/apply/): the
 * ad groups of all items for the same audience (and usage) go in one request.
 */
export async function changeAdGroups(
	context: IExecuteFunctions,
	client: TikTokClient,
	actionMode: 'Apply' | 'Disconnect',
): Promise<INodeExecutionData[]> {
	return await runBatched(
		context,
		client,
		(itemIndex) => {
			const job = readJob(context, itemIndex);
			const usageMode =
				actionMode === 'Apply'
					? (context.getNodeParameter('usageMode', itemIndex, 'Include') as 'Include' | 'Exclude')
					: undefined;
			return {
				key: JSON.stringify([job.advertiserId, job.audienceId, usageMode]),
				job: { ...job, usageMode },
			};
		},
		async (jobs, batchClient) => {
			const { advertiserId, audienceId, usageMode } = jobs[0].job;
			const adGroupIds = [...new Set(jobs.flatMap(({ job }) => job.adGroupIds))];
			for (const part of chunk(adGroupIds, MAX_AD_GROUPS_PER_REQUEST)) {
				await applyAudience(batchClient, {
					advertiser_id: advertiserId,
					custom_audience_id: audienceId,
					adgroup_ids: part,
					action_mode: actionMode,
					...(usageMode ? { usage_mode: usageMode } : {}),
				});
			}
			return jobs.map(({ job }) =>
				actionMode === 'Apply'
					? { applied: true, usageMode, audienceId, advertiserId, adGroupIds: job.adGroupIds }
					: { disconnected: true, audienceId, advertiserId, adGroupIds: job.adGroupIds },
			);
		},
	);
}
