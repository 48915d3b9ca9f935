import type { TikTokClient } from '../client';
import type { ShareLogEntry } from '../types';
import { reconcileEffect, type TookEffect } from './reconcile';

/** dmp_custom_audience_share.yml: 1-10 audiences with 1-10 ad accounts per request. */
export const SHARING_LIMITS = { audiencesPerRequest: 10, advertisersPerRequest: 10 } as const;

/** dmp_custom_audience_share.yml: shares audiences with ad accounts of the same Business Center. */
export async function shareAudiences(
	client: TikTokClient,
	share: { advertiserId: string; audienceIds: string[]; sharedAdvertiserIds: string[] },
	tookEffect: TookEffect,
): Promise<void> {
	await client.request({
		method: 'POST',
		endpoint: '/dmp/custom_audience/share/',
		body: {
			advertiser_id: share.advertiserId,
			custom_audience_ids: share.audienceIds,
			shared_advertiser_ids: share.sharedAdvertiserIds,
		},
		idempotent: false,
		reconcile: reconcileEffect(tookEffect),
	});
}

/** dmp_custom_audience_share_cancel.yml: stops sharing one audience with one ad account. */
export async function cancelAudienceSharing(
	client: TikTokClient,
	share: { advertiserId: string; audienceId: string; sharedAdvertiserId: string },
	tookEffect: TookEffect,
): Promise<void> {
	await client.request({
		method: 'POST',
		endpoint: '/dmp/custom_audience/share/cancel/',
		body: {
			advertiser_id: share.advertiserId,
			custom_audience_id: share.audienceId,
			shared_advertiser_id: share.sharedAdvertiserId,
		},
		idempotent: false,
		reconcile: reconcileEffect(tookEffect),
	});
}

/** dmp_custom_audience_share_log.yml: the ad accounts an audience was shared with. */
export async function getShareLog(
	client: TikTokClient,
	query: { advertiserId: string; audienceId: string },
): Promise<ShareLogEntry[]> {
	const data = await client.request({
		method: 'GET',
		endpoint: '/dmp/custom_audience/share/log/',
		qs: { advertiser_id: query.advertiserId, custom_audience_id: query.audienceId },
	});
	return (data.list as ShareLogEntry[] | undefined) ?? [];
}
