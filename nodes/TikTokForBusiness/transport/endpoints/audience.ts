import type { IDataObject } from 'n8n-workflow';

import type { Page, TikTokClient } from '../client';
import { multipartFrame } from '../multipart';
import type {
	AudienceApplyBody,
	AudienceCreateBody,
	AudienceDetails,
	AudienceListEntry,
	AudienceUpdateBody,
	CalculateType,
	LookalikeSpec,
	ShareLogEntry,
	UploadableFile,
} from '../types';

/** Finds the effect of a request whose reply was lost; undefined when it did not happen. */
export type Reconcile = () => Promise<IDataObject | undefined>;

export interface AudienceListQuery {
	advertiserId: string;
	/** Only these audiences (1 to 100). */
	audienceIds?: string[];
}

function listRequest({ advertiserId, audienceIds }: AudienceListQuery) {
	return {
		method: 'GET' as const,
		endpoint: '/dmp/custom_audience/list/',
		qs: {
			advertiser_id: advertiserId,
			...(audienceIds && audienceIds.length > 0 ? { custom_audience_ids: audienceIds } : {}),
		},
	};
}

/** dmp_custom_audience_list.yml: the audiences an advertiser owns or that are shared with it. */
export async function listAudiences(
	client: TikTokClient,
	query: AudienceListQuery,
	limit?: number,
): Promise<AudienceListEntry[]> {
	return await client.requestAll<AudienceListEntry>(listRequest(query), { limit });
}

/** The same list (or its first `limit` audiences) as one array per page, for output that streams. */
export function listAudiencePages(
	client: TikTokClient,
	query: AudienceListQuery,
	limit?: number,
): AsyncGenerator<AudienceListEntry[]> {
	return client.entryPages<AudienceListEntry>(listRequest(query), { limit });
}

/** The same list, one page at a time with its page number (for pickers). */
export function audiencePages(
	client: TikTokClient,
	query: AudienceListQuery,
	firstPage = 1,
	pageSize = 100,
): AsyncGenerator<Page<AudienceListEntry>> {
	return client.pages<AudienceListEntry>(listRequest(query), { firstPage, pageSize });
}

/** dmp_custom_audience_get.yml: details and history of up to 100 audiences. */
export async function getAudiences(
	client: TikTokClient,
	advertiserId: string,
	audienceIds: string[],
	historySize = 100,
): Promise<AudienceDetails[]> {
	const data = await client.request({
		method: 'GET',
		endpoint: '/dmp/custom_audience/get/',
		qs: {
			advertiser_id: advertiserId,
			custom_audience_ids: audienceIds,
			history_size: historySize,
		},
	});
	return (data.list as AudienceDetails[] | undefined) ?? [];
}

/** dmp_custom_audience_file_upload.yml: stores a customer file and returns its `file_path`. */
export async function uploadCustomerFile(
	client: TikTokClient,
	advertiserId: string,
	calculateType: CalculateType,
	file: UploadableFile,
): Promise<string> {
	const frame = multipartFrame(
		{ advertiser_id: advertiserId, calculate_type: calculateType, file_signature: file.md5 },
		{ field: 'file', fileName: file.fileName, contentType: 'text/csv' },
	);
	const data = file.wrap
		? file.wrap(frame.before, frame.after)
		: Buffer.concat([frame.before, file.content, frame.after]);
	const reply = await client.request({
		method: 'POST',
		endpoint: '/dmp/custom_audience/file/upload/',
		rawBody: { data, contentType: frame.contentType },
		// A second stored copy of the file changes no audience: resending is safe.
		idempotent: true,
	});
	return String(reply.file_path);
}

/** dmp_custom_audience_create.yml: creates an audience from uploaded files; returns its ID. */
export async function createAudience(
	client: TikTokClient,
	body: AudienceCreateBody,
	reconcile: Reconcile,
): Promise<string> {
	const data = await client.request({
		method: 'POST',
		endpoint: '/dmp/custom_audience/create/',
		body,
		idempotent: false,
		reconcile,
	});
	return String(data.custom_audience_id);
}

/** dmp_custom_audience_update.yml: renames an audience or changes its members with files. */
export async function updateAudience(
	client: TikTokClient,
	body: AudienceUpdateBody,
): Promise<void> {
	await client.request({
		method: 'POST',
		endpoint: '/dmp/custom_audience/update/',
		body,
		// Members are a set and names are values: sending the same change again changes nothing.
		idempotent: true,
	});
}

/** dmp_custom_audience_delete.yml: deletes up to 100 audiences. */
export async function deleteAudiences(
	client: TikTokClient,
	advertiserId: string,
	audienceIds: string[],
	reconcile: Reconcile,
): Promise<void> {
	await client.request({
		method: 'POST',
		endpoint: '/dmp/custom_audience/delete/',
		body: { advertiser_id: advertiserId, custom_audience_ids: audienceIds },
		idempotent: false,
		reconcile,
	});
}

/** dmp_custom_audience_share.yml: shares 1-10 audiences with 1-10 advertisers. */
export async function shareAudiences(
	client: TikTokClient,
	body: { advertiser_id: string; custom_audience_ids: string[]; shared_advertiser_ids: string[] },
	reconcile: Reconcile,
): Promise<void> {
	await client.request({
		method: 'POST',
		endpoint: '/dmp/custom_audience/share/',
		body,
		idempotent: false,
		reconcile,
	});
}

/** dmp_custom_audience_share_cancel.yml: stops sharing one audience with one advertiser. */
export async function cancelAudienceSharing(
	client: TikTokClient,
	body: { advertiser_id: string; custom_audience_id: string; shared_advertiser_id: string },
	reconcile: Reconcile,
): Promise<void> {
	await client.request({
		method: 'POST',
		endpoint: '/dmp/custom_audience/share/cancel/',
		body,
		idempotent: false,
		reconcile,
	});
}

/** dmp_custom_audience_share_log.yml: the advertisers an audience was shared with. */
export async function getShareLog(
	client: TikTokClient,
	advertiserId: string,
	audienceId: string,
): Promise<ShareLogEntry[]> {
	const data = await client.request({
		method: 'GET',
		endpoint: '/dmp/custom_audience/share/log/',
		qs: { advertiser_id: advertiserId, custom_audience_id: audienceId },
	});
	return (data.list as ShareLogEntry[] | undefined) ?? [];
}

/** dmp_custom_audience_apply.yml: applies an audience to, or disconnects it from, ad groups. */
export async function applyAudience(client: TikTokClient, body: AudienceApplyBody): Promise<void> {
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

/** dmp_custom_audience_lookalike_create.yml: creates a lookalike audience; returns its ID. */
export async function createLookalikeAudience(
	client: TikTokClient,
	body: { advertiser_id: string; custom_audience_name: string; lookalike_spec: LookalikeSpec },
	reconcile: Reconcile,
): Promise<string> {
	const data = await client.request({
		method: 'POST',
		endpoint: '/dmp/custom_audience/lookalike/create/',
		body,
		idempotent: false,
		reconcile,
	});
	return String(data.custom_audience_id);
}

/** dmp_custom_audience_lookalike_update.yml: asks TikTok to rebuild lookalike audiences now. */
export async function refreshLookalikeAudiences(
	client: TikTokClient,
	advertiserId: string,
	audienceIds: string[],
): Promise<void> {
	await client.request({
		method: 'POST',
		endpoint: '/dmp/custom_audience/lookalike/update/',
		body: { advertiser_id: advertiserId, custom_audience_ids: audienceIds },
		// A second refresh request only asks for the same refresh again.
		idempotent: true,
	});
}
