import type { TikTokClient } from '../client';
import { reconcileCreated, type FindCreated } from './reconcile';

export interface NewLookalike {
	advertiserId: string;
	name: string;
	sourceAudienceId: string;
	includeSource: boolean;
	mobileOs: 'ALL' | 'ANDROID' | 'IOS';
	placements: string[];
	locationIds: string[];
	audienceSize: 'NARROW' | 'BALANCED' | 'BROAD';
}

/** dmp_custom_audience_lookalike_create.yml: creates a lookalike audience; returns its ID. */
export async function createLookalikeAudience(
	client: TikTokClient,
	lookalike: NewLookalike,
	findCreated: FindCreated,
): Promise<string> {
	const data = await client.request({
		method: 'POST',
		endpoint: '/dmp/custom_audience/lookalike/create/',
		body: {
			advertiser_id: lookalike.advertiserId,
			custom_audience_name: lookalike.name,
			lookalike_spec: {
				source_audience_id: lookalike.sourceAudienceId,
				include_source: lookalike.includeSource,
				mobile_os: lookalike.mobileOs,
				placements: lookalike.placements,
				location_ids: lookalike.locationIds,
				audience_size: lookalike.audienceSize,
			},
		},
		idempotent: false,
		reconcile: reconcileCreated(findCreated),
	});
	return String(data.custom_audience_id);
}

/** dmp_custom_audience_lookalike_update.yml: asks TikTok to rebuild lookalike audiences now. */
export async function refreshLookalikeAudiences(
	client: TikTokClient,
	target: { advertiserId: string; audienceIds: string[] },
): Promise<void> {
	await client.request({
		method: 'POST',
		endpoint: '/dmp/custom_audience/lookalike/update/',
		body: { advertiser_id: target.advertiserId, custom_audience_ids: target.audienceIds },
		// A second refresh request only asks for the same refresh again.
		idempotent: true,
	});
}
