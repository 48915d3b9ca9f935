import type { IDataObject } from 'n8n-workflow';

import { listAudiences, type AudienceListEntry, type TikTokClient } from '../../transport';

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
	client: TikTokClient,
	advertiserId: string,
	name: string,
	startedAt: number,
	matches: (audience: AudienceListEntry) => boolean = () => true,
): Promise<IDataObject | undefined> {
	const audiences = await listAudiences(client, { advertiserId });
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
