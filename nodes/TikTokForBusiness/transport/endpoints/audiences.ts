import type { IDataObject } from 'n8n-workflow';

import type { Page, TikTokClient } from '../client';
import { multipartFrame } from '../multipart';
import { reconcileCreated, reconcileEffect, type FindCreated, type TookEffect } from './reconcile';
import type {
	AudienceDetails,
	AudienceListEntry,
	CalculateType,
	MembersAction,
	UploadableFile,
} from '../types';

/** What TikTok's customer-audience endpoints take in one request. */
export const AUDIENCE_LIMITS = {
	/** dmp_custom_audience_get, _delete, _list: 1-100 `custom_audience_ids`. */
	idsPerRequest: 100,
	/** dmp_custom_audience_create and _update: 1-500 `file_paths` (TikTok advises fewer than 50). */
	filePathsPerRequest: 500,
	/** dmp_custom_audience_create and _update: `custom_audience_name` of 1-128 characters. */
	nameLength: 128,
	/** dmp_custom_audience_create: `retention_in_days` 1-365. */
	retentionDays: { min: 1, max: 365 },
	/** dmp_custom_audience_get: `history_size` 1-100. */
	historySize: { min: 1, max: 100 },
} as const;

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
	query: { advertiserId: string; audienceIds: string[]; historySize?: number },
): Promise<AudienceDetails[]> {
	const data = await client.request({
		method: 'GET',
		endpoint: '/dmp/custom_audience/get/',
		qs: {
			advertiser_id: query.advertiserId,
			custom_audience_ids: query.audienceIds,
			history_size: query.historySize ?? AUDIENCE_LIMITS.historySize.max,
		},
	});
	return (data.list as AudienceDetails[] | undefined) ?? [];
}

/** dmp_custom_audience_file_upload.yml: stores a customer file and returns its `file_path`. */
export async function uploadCustomerFile(
	client: TikTokClient,
	upload: { advertiserId: string; calculateType: CalculateType; file: UploadableFile },
): Promise<string> {
	const { advertiserId, calculateType, file } = upload;
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

export interface NewAudience {
	advertiserId: string;
	name: string;
	calculateType: CalculateType;
	filePaths: string[];
	retentionInDays?: number;
	subType?: 'NORMAL' | 'REACH_FREQUENCY';
	enhancement?: boolean;
}

/** A request must carry files: an empty list would be refused, or worse, read as "no members". */
function checkFilePaths(filePaths: string[]): void {
	if (filePaths.length === 0 || filePaths.length > AUDIENCE_LIMITS.filePathsPerRequest) {
		throw new RangeError(`A request takes 1 to 500 file paths, not ${filePaths.length}`);
	}
}

/** dmp_custom_audience_create.yml: creates an audience from uploaded files; returns its ID. */
export async function createAudience(
	client: TikTokClient,
	audience: NewAudience,
	findCreated: FindCreated,
): Promise<string> {
	checkFilePaths(audience.filePaths);
	const body: IDataObject = {
		advertiser_id: audience.advertiserId,
		custom_audience_name: audience.name,
		calculate_type: audience.calculateType,
		file_paths: audience.filePaths,
	};
	if (audience.retentionInDays !== undefined) body.retention_in_days = audience.retentionInDays;
	if (audience.subType !== undefined) body.audience_sub_type = audience.subType;
	if (audience.enhancement !== undefined) body.audience_enhancement = audience.enhancement;
	const data = await client.request({
		method: 'POST',
		endpoint: '/dmp/custom_audience/create/',
		body,
		idempotent: false,
		reconcile: reconcileCreated(findCreated),
	});
	return String(data.custom_audience_id);
}

export interface AudienceChange {
	advertiserId: string;
	audienceId: string;
	/** TikTok needs a name or files in every request (dmp_custom_audience_update.yml). */
	name?: string;
	members?: { filePaths: string[]; action: MembersAction };
	enhancement?: boolean;
	/** TikTok ignores every other change in a request that sets the sub type. */
	subType?: 'REACH_FREQUENCY';
}

/** dmp_custom_audience_update.yml: renames an audience or changes its members with files. */
export async function updateAudience(client: TikTokClient, change: AudienceChange): Promise<void> {
	const body: IDataObject = {
		advertiser_id: change.advertiserId,
		custom_audience_id: change.audienceId,
	};
	if (change.name !== undefined) body.custom_audience_name = change.name;
	if (change.members !== undefined) {
		checkFilePaths(change.members.filePaths);
		body.file_paths = change.members.filePaths;
		body.action = change.members.action;
	}
	if (change.enhancement !== undefined) body.audience_enhancement = change.enhancement;
	if (change.subType !== undefined) body.audience_sub_type = change.subType;
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
	target: { advertiserId: string; audienceIds: string[] },
	tookEffect: TookEffect,
): Promise<void> {
	await client.request({
		method: 'POST',
		endpoint: '/dmp/custom_audience/delete/',
		body: { advertiser_id: target.advertiserId, custom_audience_ids: target.audienceIds },
		idempotent: false,
		reconcile: reconcileEffect(tookEffect),
	});
}
