import type { IDataObject } from 'n8n-workflow';

import { tikTokApiRequest, type Connection, type TikTokContext } from '../../transport';

export interface ShareLog {
	entries: IDataObject[];
	/** Advertisers whose latest log entry says the audience is shared with them. */
	sharedWith: Set<string>;
}

const NOT_SHARED = /cancel|stop|revok|unshar/i;

export async function readShareLog(
	context: TikTokContext,
	connection: Connection,
	advertiserId: string,
	audienceId: string,
	itemIndex: number,
): Promise<ShareLog> {
	const data = await tikTokApiRequest.call(context, {
		method: 'GET',
		endpoint: '/dmp/custom_audience/share/log/',
		qs: { advertiser_id: advertiserId, custom_audience_id: audienceId },
		itemIndex,
		connection,
		aboutAudience: true,
	});
	const entries = (data.list as IDataObject[] | undefined) ?? [];
	const latestStatus = new Map<string, string>();
	for (const entry of entries) {
		latestStatus.set(String(entry.shared_advertiser_id), String(entry.status ?? ''));
	}
	const sharedWith = new Set(
		[...latestStatus].filter(([, status]) => !NOT_SHARED.test(status)).map(([id]) => id),
	);
	return { entries, sharedWith };
}
