import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkId, splitIds } from '../../helpers/parameters';
import { getShareLog, type ShareLogEntry, type TikTokClient } from '../../transport';

export interface ShareLog {
	entries: ShareLogEntry[];
	/** Advertisers whose latest log entry says the audience is shared with them. */
	sharedWith: Set<string>;
}

const NOT_SHARED = /cancel|stop|revok|unshar/i;

export async function readShareLog(
	client: TikTokClient,
	advertiserId: string,
	audienceId: string,
): Promise<ShareLog> {
	const entries = await getShareLog(client, advertiserId, audienceId);
	const latestStatus = new Map<string, string>();
	for (const entry of entries) {
		latestStatus.set(String(entry.shared_advertiser_id), String(entry.status ?? ''));
	}
	const sharedWith = new Set(
		[...latestStatus].filter(([, status]) => !NOT_SHARED.test(status)).map(([id]) => id),
	);
	return { entries, sharedWith };
}

/** Reads a list of 1 to `max` advertiser IDs separated by commas, spaces or new lines. */
export function readAdvertiserIdList(
	context: IExecuteFunctions,
	parameterName: string,
	itemIndex: number,
	max: number,
): string[] {
	const ids = splitIds(context.getNodeParameter(parameterName, itemIndex, '')).map((id) =>
		checkId(context, id, 'advertiser', itemIndex),
	);
	const unique = [...new Set(ids)];
	if (unique.length === 0 || unique.length > max) {
		throw new NodeOperationError(
			context.getNode(),
			unique.length === 0 ? 'No advertiser ID given' : `More than ${max} advertiser IDs given`,
			{ description: `Enter 1 to ${max} advertiser IDs, separated by commas.`, itemIndex },
		);
	}
	return unique;
}
