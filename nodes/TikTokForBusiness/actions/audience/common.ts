import type { IDataObject } from 'n8n-workflow';

import { chunk } from '../../helpers/parameters';
import {
	tikTokApiRequest,
	tikTokApiRequestAllItems,
	type Connection,
	type TikTokContext,
} from '../../transport';
import { FILE_PATHS_PER_REQUEST, type UploadedFile } from './members';

// TikTok writes times without a zone; advertisers' zones are at most 14 hours from UTC.
const LARGEST_TIME_ZONE_OFFSET_MS = 14 * 60 * 60 * 1000;

function parseTikTokTime(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const time = Date.parse(`${value.replace(' ', 'T')}Z`);
	return Number.isNaN(time) ? undefined : time;
}

/**
 * After a create request whose reply was lost, finds the audience it made, if any: the newest
 * audience of that name created since the request started. Creating again would duplicate it.
 */
export async function findAudienceCreatedSince(
	context: TikTokContext,
	connection: Connection,
	advertiserId: string,
	name: string,
	startedAt: number,
	itemIndex: number,
	matches: (audience: IDataObject) => boolean = () => true,
): Promise<IDataObject | undefined> {
	const audiences = await tikTokApiRequestAllItems.call(context, {
		method: 'GET',
		endpoint: '/dmp/custom_audience/list/',
		qs: { advertiser_id: advertiserId },
		itemIndex,
		connection,
		aboutAudience: true,
	});
	const candidates = audiences.filter((audience) => {
		if (audience.name !== name || !matches(audience)) return false;
		const created = parseTikTokTime(audience.create_time);
		return created === undefined || created >= startedAt - LARGEST_TIME_ZONE_OFFSET_MS;
	});
	candidates.sort(
		(a, b) => (parseTikTokTime(b.create_time) ?? 0) - (parseTikTokTime(a.create_time) ?? 0),
	);
	const found = candidates[0];
	return found ? { custom_audience_id: String(found.audience_id) } : undefined;
}

export type MembersAction = 'APPEND' | 'REMOVE' | 'REPLACE';

/**
 * Changes an audience's members with uploaded files, at most 50 file paths per request: a REPLACE
 * sends the first batch as REPLACE and the rest as APPEND, so the result is the whole upload.
 */
export async function applyFilesToAudience(
	context: TikTokContext,
	connection: Connection,
	advertiserId: string,
	audienceId: string,
	action: MembersAction,
	files: UploadedFile[],
	itemIndex: number,
): Promise<void> {
	const batches = chunk(
		files.map((file) => file.filePath),
		FILE_PATHS_PER_REQUEST,
	);
	for (let batch = 0; batch < batches.length; batch++) {
		await tikTokApiRequest.call(context, {
			method: 'POST',
			endpoint: '/dmp/custom_audience/update/',
			body: {
				advertiser_id: advertiserId,
				custom_audience_id: audienceId,
				file_paths: batches[batch],
				action: action === 'REPLACE' && batch > 0 ? 'APPEND' : action,
			},
			itemIndex,
			connection,
			// Members are a set: adding or removing the same rows again changes nothing.
			idempotent: true,
			aboutAudience: true,
		});
	}
}
