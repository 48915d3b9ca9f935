import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkId, readId, splitIds } from '../../helpers/parameters';
import { applyAudience, type TikTokClient } from '../../transport';

export const adGroupIdsProperty: INodeProperties = {
	displayName: 'Ad Group IDs',
	name: 'adGroupIds',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 1780000000000001, 1780000000000002',
	description: 'Ad groups of the selected advertiser, separated by commas',
};

/** Applies an audience to, or disconnects it from, ad groups (/dmp/custom_audience/apply/). */
export async function changeAdGroups(
	context: IExecuteFunctions,
	client: TikTokClient,
	itemIndex: number,
	actionMode: 'Apply' | 'Disconnect',
	usageMode?: 'Include' | 'Exclude',
) {
	const advertiserId = readId(context, 'advertiserId', itemIndex, 'advertiser');
	const audienceId = readId(context, 'audienceId', itemIndex, 'audience');
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
	await applyAudience(client, {
		advertiser_id: advertiserId,
		custom_audience_id: audienceId,
		adgroup_ids: adGroupIds,
		action_mode: actionMode,
		...(usageMode ? { usage_mode: usageMode } : {}),
	});
	return { audienceId, advertiserId, adGroupIds };
}
