import type { IDataObject } from 'n8n-workflow';

import type { TikTokClient } from '../client';

// dmp_custom_audience_apply.yml states no limit on adgroup_ids; 100, TikTok's limit for its other
// ID lists, is the size a request can be expected to take.
export const AD_GROUP_LIMITS = { adGroupsPerRequest: 100 } as const;

export interface AdGroupChange {
	advertiserId: string;
	audienceId: string;
	adGroupIds: string[];
	mode: 'Apply' | 'Disconnect';
	/** Required to apply: whether the ad groups target or exclude the audience. */
	usage?: 'Include' | 'Exclude';
}

/** dmp_custom_audience_apply.yml: applies an audience to, or disconnects it from, ad groups. */
export async function changeAudienceAdGroups(
	client: TikTokClient,
	change: AdGroupChange,
): Promise<void> {
	const body: IDataObject = {
		advertiser_id: change.advertiserId,
		custom_audience_id: change.audienceId,
		adgroup_ids: change.adGroupIds,
		action_mode: change.mode,
	};
	if (change.usage !== undefined) body.usage_mode = change.usage;
	await client.request({
		method: 'POST',
		endpoint: '/dmp/custom_audience/apply/',
		body,
		// Applying or disconnecting the same audience again leaves the ad groups as they are.
		idempotent: true,
	});
}

/** dmp_custom_audience_apply_log.yml: where and when an audience was applied, page by page. */
export function applyLogPages(
	client: TikTokClient,
	query: { advertiserId: string; audienceId: string; timezone?: string },
	limit?: number,
): AsyncGenerator<IDataObject[]> {
	return client.entryPages(
		{
			method: 'GET',
			endpoint: '/dmp/custom_audience/apply/log/',
			qs: {
				advertiser_id: query.advertiserId,
				custom_audience_ids: [query.audienceId],
				...(query.timezone ? { timezone: query.timezone } : {}),
			},
		},
		{ limit },
	);
}
