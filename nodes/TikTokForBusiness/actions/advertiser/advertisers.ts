import type { IDataObject } from 'n8n-workflow';

import {
	getAppCredentials,
	getConnection,
	tikTokApiRequest,
	type Connection,
	type TikTokContext,
} from '../../transport';

export interface AdvertiserSummary {
	advertiser_id: string;
	advertiser_name: string;
}

/**
 * The ad accounts the credential reaches. Production lists the advertisers that authorized the
 * app; TikTok's sandbox has no such endpoint, so it offers the credential's sandbox ad account.
 */
export async function listAuthorizedAdvertisers(
	this: TikTokContext,
	itemIndex = 0,
	connection?: Connection,
): Promise<AdvertiserSummary[]> {
	const resolved = connection ?? (await getConnection.call(this, itemIndex));
	if (resolved.isSandbox) {
		const advertiserId = resolved.sandboxAdvertiserId ?? '';
		if (advertiserId === '') return [];
		const data = await tikTokApiRequest.call(this, {
			method: 'GET',
			endpoint: '/advertiser/info/',
			qs: { advertiser_ids: [advertiserId], fields: ['advertiser_id', 'name'] },
			itemIndex,
			connection: resolved,
		});
		const found = ((data.list as IDataObject[] | undefined) ?? [])[0];
		return [
			{
				advertiser_id: advertiserId,
				advertiser_name: typeof found?.name === 'string' ? found.name : 'Sandbox ad account',
			},
		];
	}
	const { appId, secret } = await getAppCredentials.call(this);
	const data = await tikTokApiRequest.call(this, {
		method: 'GET',
		endpoint: '/oauth2/advertiser/get/',
		qs: { app_id: appId, secret },
		itemIndex,
		connection: resolved,
	});
	return ((data.list as IDataObject[] | undefined) ?? []).map((entry) => ({
		advertiser_id: String(entry.advertiser_id),
		advertiser_name: String(entry.advertiser_name ?? ''),
	}));
}
