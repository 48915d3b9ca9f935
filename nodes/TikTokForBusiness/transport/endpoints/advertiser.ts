import type { ReachableAdvertiser, AdvertiserInfo } from '../types';
import type { TikTokClient } from '../client';
import { isSandboxUnsupportedCode, NO_PERMISSION_CODE } from '../advice';

/** advertiser_info.yml: 1-100 `advertiser_ids` per request (Airbyte chunks them at 100 too). */
export const ADVERTISER_LIMITS = { idsPerRequest: 100 } as const;

/** advertiser_info.yml: details of up to 100 ad accounts; no `fields` means TikTok's default. */
export async function getAdvertiserInfo(
	client: TikTokClient,
	query: { advertiserIds: string[]; fields?: string[] },
): Promise<AdvertiserInfo[]> {
	const fields = query.fields ?? [];
	const data = await client.request({
		method: 'GET',
		endpoint: '/advertiser/info/',
		qs: { advertiser_ids: query.advertiserIds, ...(fields.length > 0 ? { fields } : {}) },
	});
	return (data.list as AdvertiserInfo[] | undefined) ?? [];
}

/**
 * The ad accounts the credential reaches. Production lists the advertisers that authorized the
 * app (/oauth2/advertiser/get/); TikTok's sandbox has no such endpoint, so it offers the
 * credential's sandbox ad account.
 */
export async function listReachableAdvertisers(
	client: TikTokClient,
): Promise<ReachableAdvertiser[]> {
	const connection = await client.connection();
	if (connection.isSandbox) {
		const advertiserId = connection.sandboxAdvertiserId ?? '';
		if (advertiserId === '') return [];
		// TikTok's sources disagree on whether the sandbox serves /advertiser/info/; the ID the
		// credential holds is the answer either way, the name only a nicety. A bad token or a
		// lost reply still fails.
		const reply = await client.requestOrRefusal(
			{
				method: 'GET',
				endpoint: '/advertiser/info/',
				qs: { advertiser_ids: [advertiserId], fields: ['advertiser_id', 'name'] },
			},
			(code) => isSandboxUnsupportedCode(code) || code === NO_PERMISSION_CODE,
		);
		const list = reply.refused ? [] : ((reply.data.list as AdvertiserInfo[] | undefined) ?? []);
		const name = list[0]?.name;
		return [
			{
				advertiser_id: advertiserId,
				advertiser_name: typeof name === 'string' ? name : 'Sandbox ad account',
			},
		];
	}
	// TikTok wants the app's ID and secret in this one query; it is sent over HTTPS to TikTok only.
	const { appId, secret } = await client.appCredentials();
	const data = await client.request({
		method: 'GET',
		endpoint: '/oauth2/advertiser/get/',
		qs: { app_id: appId, secret },
	});
	return ((data.list as AdvertiserInfo[] | undefined) ?? []).map((entry) => ({
		advertiser_id: String(entry.advertiser_id),
		advertiser_name: String(entry.advertiser_name ?? ''),
	}));
}
