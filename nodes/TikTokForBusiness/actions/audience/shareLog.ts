import { getShareLog, type ShareLogEntry, type TikTokClient } from '../../transport';

export interface ShareLog {
	entries: ShareLogEntry[];
	/** Ad accounts whose latest log entry says the audience is shared with them. */
	sharedWith: Set<string>;
}

const NOT_SHARED = /cancel|stop|revok|unshar/i;

/** An audience's sharing log, and who it is shared with now (Get Sharing Log, Share, Cancel). */
export async function readShareLog(
	client: TikTokClient,
	target: { advertiserId: string; audienceId: string },
): Promise<ShareLog> {
	const entries = await getShareLog(client, target);
	const latestStatus = new Map<string, string>();
	for (const entry of entries) {
		latestStatus.set(String(entry.shared_advertiser_id), String(entry.status ?? ''));
	}
	const sharedWith = new Set(
		[...latestStatus].filter(([, status]) => !NOT_SHARED.test(status)).map(([id]) => id),
	);
	return { entries, sharedWith };
}
