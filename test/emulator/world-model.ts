import { createHash } from 'node:crypto';

import type { Environment } from './types';

// The World's data: what an emulator instance stores, and the helpers that format it.

/** The Help Center's upload limit is "< 1 GB"; 10^9 bytes is the stricter reading of "GB". */
export const DEFAULT_FILE_SIZE_LIMIT_BYTES = 1_000_000_000;

export const AUDIENCE_TYPE = {
	customerFile: 'Customer File Audience',
	lookalike: 'Lookalike Audience',
} as const;

/** How much bigger than its source a lookalike is taken to be, per audience_size. */
export const LOOKALIKE_SIZE_FACTOR: Readonly<Record<string, number>> = {
	NARROW: 2,
	BALANCED: 5,
	BROAD: 10,
};

export interface DeveloperApp {
	appId: string;
	secret: string;
	/** 'loopback' allows any http(s) URL on 127.0.0.1 or localhost; otherwise exact URLs. */
	redirectUris: 'loopback' | string[];
}

/** What the OAuth page grants: the advertisers and scopes a new token covers. */
export interface AuthorizationGrant {
	advertiserIds: string[];
	scopes: number[];
}

export interface Advertiser {
	advertiserId: string;
	name: string;
	environment: Environment;
	businessCenterId: string;
	/** The other /advertiser/info/ fields, with TikTok's names. */
	profile: Record<string, string | number | boolean>;
}

export interface TokenUser {
	coreUserId: string;
	displayName: string;
	email: string;
}

export interface Token {
	accessToken: string;
	environment: Environment;
	appId: string;
	advertiserIds: string[];
	scopes: number[];
	revoked: boolean;
	user: TokenUser;
	/** A name for logs and the state summary. */
	label: string;
}

export interface AuthCode {
	code: string;
	appId: string;
	redirectUri: string;
	advertiserIds: string[];
	scopes: number[];
	issuedAt: number;
	used: boolean;
}

export interface StoredFile {
	filePath: string;
	advertiserId: string;
	environment: Environment;
	calculateType: string;
	/** The `name` form field, or the uploaded file's own name. */
	name: string;
	originalFileName: string;
	size: number;
	md5: string;
	hasHeader: boolean;
	columns: string[];
	rows: number;
	digests: Set<string>;
	uploadedAt: number;
}

export interface LookalikeSpec {
	source_audience_id: string;
	include_source: boolean;
	mobile_os: string;
	placements: string[];
	location_ids: string[];
	audience_size: string;
}

export interface AudienceHistoryEntry {
	action: string;
	action_detail: string;
	editor: string;
	msg: string;
	opt_time: string;
}

export type ShareStatus = 'SHARED' | 'CANCELLED';

export interface ShareRecord {
	advertiserId: string;
	status: ShareStatus;
	changedAt: number;
}

export interface Audience {
	audienceId: string;
	ownerId: string;
	environment: Environment;
	name: string;
	audienceType: string;
	audienceSubType: string;
	calculateType?: string;
	/** Distinct member digests (the plain lower-case hex digest, no type prefix). */
	members: Set<string>;
	/** Files the members came from, in the order they were applied. */
	filePaths: string[];
	lookalikeSpec?: LookalikeSpec;
	/** A lookalike has no member list; this is its estimated size. */
	lookalikeSize?: number;
	audienceEnhancement: boolean;
	isAutoRefresh: boolean;
	retentionInDays?: number;
	/**
	 * While set and in the future (emulator clock), TikTok is still matching the audience after a
	 * create or a member change: it is not valid and `cover_num` shows `matchedSize`.
	 */
	matchingUntil?: number;
	/** The size as of the last finished matching (0 for an audience never matched). */
	matchedSize: number;
	createdAt: number;
	expiresAt: number;
	/** Oldest first. */
	history: AudienceHistoryEntry[];
	sharedWith: Map<string, ShareRecord>;
	/** Creation order; lists are newest first. */
	sequence: number;
}

export type UsageMode = 'Include' | 'Exclude';

export interface AdGroup {
	adgroupId: string;
	advertiserId: string;
	name: string;
	reachAndFrequency: boolean;
	/** audience ID → how the ad group uses it. */
	audiences: Map<string, UsageMode>;
}

export interface ApplyLogEntry {
	advertiserId: string;
	audience_id: string;
	adgroup_id: string;
	adgroup_name: string;
	usage_mode: UsageMode;
	editor: string;
	action_timestamp: string;
}

/** Effects performed through the API since the last reset (seeding does not count). */
export interface WorldCounters {
	authCodesIssued: number;
	tokensIssued: number;
	filesUploaded: number;
	audiencesCreated: number;
	lookalikesCreated: number;
	audiencesUpdated: number;
	audiencesDeleted: number;
	lookalikesRefreshed: number;
	sharesAdded: number;
	sharesCancelled: number;
	applyActions: number;
}

export type WorldSeed = 'default' | 'empty';

export interface WorldOptions {
	seed?: WorldSeed;
	minimumAudienceSize?: number;
	matchingDelayMs?: number;
	fileSizeLimitBytes?: number;
}

/** Settings a test may change at run time; reset() restores the start-up values. */
export interface WorldSettings {
	/** An update fails when the audience would end up smaller than this; also the is_valid bar. */
	minimumAudienceSize: number;
	/** How long an audience stays processing after a create or member change (0: no time). */
	matchingDelayMs: number;
	/** An uploaded file of this many bytes or more is refused with 40907. */
	fileSizeLimitBytes: number;
}

export interface AddAdvertisersOptions {
	/** Authorize this token for the new advertisers. */
	authorizeToken?: string;
	businessCenterId?: string;
	environment?: Environment;
	namePrefix?: string;
}

export interface AddTokenInput {
	accessToken?: string;
	environment?: Environment;
	advertiserIds?: string[];
	scopes?: number[];
	revoked?: boolean;
	user?: TokenUser;
	label?: string;
}

export interface AddAudienceInput {
	advertiserId: string;
	name?: string;
	calculateType?: string;
	members?: Iterable<string>;
	audienceSubType?: string;
	retentionInDays?: number;
	audienceId?: string;
	audienceEnhancement?: boolean;
	filePaths?: string[];
	/** Makes a lookalike audience (no calculate type, no members). */
	lookalikeSpec?: LookalikeSpec;
	lookalikeSize?: number;
	/** Epoch ms on the emulator clock; default now. Lets a test seed an audience made earlier. */
	createdAt?: number;
	/** Still matching until finishMatching() ends it; default false (matched). */
	processing?: boolean;
}

export interface AddAudiencesOptions {
	namePrefix?: string;
	calculateType?: string;
	/** Synthetic members per audience; default 0 keeps bulk creation fast. */
	membersPerAudience?: number;
}

export function sha256Hex(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

export function md5Hex(data: string | Uint8Array): string {
	return createHash('md5').update(data).digest('hex');
}

/** TikTok's 'YYYY-MM-DD HH:MM:SS' (UTC). */
export function formatTikTokTime(epochMs: number): string {
	return new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ');
}
