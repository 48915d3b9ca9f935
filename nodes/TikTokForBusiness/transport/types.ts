// Requests and replies of the TikTok endpoints the node uses, as TikTok's OpenAPI files describe
// them (test/emulator/spec/*.yml). IDs are strings: they are longer than numbers hold exactly.
import type { IDataObject } from 'n8n-workflow';

export type CalculateType =
	| 'EMAIL_SHA256'
	| 'PHONE_SHA256'
	| 'IDFA_SHA256'
	| 'IDFA_MD5'
	| 'GAID_SHA256'
	| 'GAID_MD5'
	| 'FIRST_SHA256'
	| 'FIRST_MD5'
	| 'MULTIPLE_TYPES';

export type MembersAction = 'APPEND' | 'REMOVE' | 'REPLACE';

/** advertiser_info.yml: `data.list[]` (only the fields asked for, plus `advertiser_id`). */
export interface AdvertiserInfo extends IDataObject {
	advertiser_id?: string;
	name?: string;
}

/** An ad account the credential reaches, from /oauth2/advertiser/get/ or the sandbox credential. */
export interface ReachableAdvertiser extends IDataObject {
	advertiser_id: string;
	advertiser_name: string;
}

/** dmp_custom_audience_list.yml: one entry of `data.list`. */
export interface AudienceListEntry extends IDataObject {
	audience_id?: string;
	name?: string;
	audience_type?: string;
	calculate_type?: string;
	cover_num?: number;
	is_valid?: boolean;
	is_expiring?: boolean;
	is_creator?: boolean;
	shared?: boolean;
	create_time?: string;
	expired_time?: string;
}

/** dmp_custom_audience_get.yml: one entry of `data.list`. */
export interface AudienceDetails extends IDataObject {
	audience_details?: IDataObject;
	audience_history?: IDataObject[];
}

/** dmp_custom_audience_share_log.yml: one entry of `data.list`. */
export interface ShareLogEntry extends IDataObject {
	custom_audience_id?: string;
	shared_advertiser_id?: string;
	shared_advertiser_name?: string;
	status?: string;
}

/**
 * A customer file ready to upload. `wrap` may put the framing of the upload around the content
 * in room kept beside it, so a large file is sent without being copied.
 */
export interface UploadableFile {
	fileName: string;
	content: Buffer;
	/** Hex MD5 of `content`, TikTok's `file_signature`. */
	md5: string;
	wrap?(before: Buffer, after: Buffer): Buffer;
}
