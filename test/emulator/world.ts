import { createHash, randomBytes } from 'node:crypto';

import { canonicalCalculateType } from './customer-file';
import { ADVERTISER_PROFILES, ALL_SCOPES, DEFAULT_WORLD, customerEmail } from './seed';
import type { Environment } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;
const AUTH_CODE_LIFETIME_MS = 60 * 60 * 1000;
const DEFAULT_RETENTION_DAYS = 365;
const EXPIRING_WINDOW_MS = 60 * DAY_MS;
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

const ID_BASE = {
	advertiser: 7303000000000000000n,
	audience: 7320000000000000000n,
	adGroup: 1790000000000000000n,
	user: 7300222200000000000n,
} as const;

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

function assertSettings(settings: WorldSettings): void {
	const problems: string[] = [];
	const { minimumAudienceSize, matchingDelayMs, fileSizeLimitBytes } = settings;
	if (!(Number.isInteger(minimumAudienceSize) && minimumAudienceSize >= 0)) {
		problems.push('minimumAudienceSize must be an integer >= 0');
	}
	if (!(Number.isInteger(matchingDelayMs) && matchingDelayMs >= 0)) {
		problems.push('matchingDelayMs must be an integer >= 0');
	}
	if (!(Number.isInteger(fileSizeLimitBytes) && fileSizeLimitBytes >= 1)) {
		problems.push('fileSizeLimitBytes must be an integer >= 1');
	}
	if (problems.length > 0) throw new Error(`Invalid settings: ${problems.join('; ')}`);
}

function defaultRedirectAllowed(redirectUri: string): boolean {
	try {
		const url = new URL(redirectUri);
		return (
			(url.protocol === 'http:' || url.protocol === 'https:') &&
			(url.hostname === '127.0.0.1' || url.hostname === 'localhost')
		);
	} catch {
		return false;
	}
}

/** State of one emulator instance: advertisers, tokens, files, audiences, ad groups, logs. */
export class World {
	readonly seed: WorldSeed;
	minimumAudienceSize: number;
	matchingDelayMs: number;
	fileSizeLimitBytes: number;
	private readonly initialSettings: WorldSettings;
	app!: DeveloperApp;
	authorizationGrant!: AuthorizationGrant;
	counters!: WorldCounters;
	readonly applyLog: ApplyLogEntry[] = [];

	private clockOffsetMs = 0;
	private sequence = 0;
	private idCounters = new Map<string, bigint>();
	private readonly businessCenterNames = new Map<string, string>();
	private readonly advertiserMap = new Map<string, Advertiser>();
	private readonly tokenMap = new Map<string, Token>();
	private readonly authCodeMap = new Map<string, AuthCode>();
	private readonly fileMap = new Map<string, StoredFile>();
	private readonly audienceMap = new Map<string, Audience>();
	private readonly adGroupMap = new Map<string, AdGroup>();

	constructor(options: WorldOptions = {}) {
		this.seed = options.seed ?? 'default';
		this.initialSettings = {
			minimumAudienceSize: options.minimumAudienceSize ?? 1000,
			matchingDelayMs: options.matchingDelayMs ?? 0,
			fileSizeLimitBytes: options.fileSizeLimitBytes ?? DEFAULT_FILE_SIZE_LIMIT_BYTES,
		};
		assertSettings(this.initialSettings);
		this.minimumAudienceSize = this.initialSettings.minimumAudienceSize;
		this.matchingDelayMs = this.initialSettings.matchingDelayMs;
		this.fileSizeLimitBytes = this.initialSettings.fileSizeLimitBytes;
		this.reset();
	}

	get settings(): WorldSettings {
		return {
			minimumAudienceSize: this.minimumAudienceSize,
			matchingDelayMs: this.matchingDelayMs,
			fileSizeLimitBytes: this.fileSizeLimitBytes,
		};
	}

	/** Changes some settings; throws (changing nothing) on an invalid value. */
	updateSettings(changes: Partial<WorldSettings>): WorldSettings {
		const next = { ...this.settings, ...changes };
		assertSettings(next);
		this.minimumAudienceSize = next.minimumAudienceSize;
		this.matchingDelayMs = next.matchingDelayMs;
		this.fileSizeLimitBytes = next.fileSizeLimitBytes;
		return next;
	}

	/** Back to the seeded state and the start-up settings. */
	reset(): void {
		this.minimumAudienceSize = this.initialSettings.minimumAudienceSize;
		this.matchingDelayMs = this.initialSettings.matchingDelayMs;
		this.fileSizeLimitBytes = this.initialSettings.fileSizeLimitBytes;
		this.clockOffsetMs = 0;
		this.sequence = 0;
		this.idCounters = new Map();
		this.businessCenterNames.clear();
		this.advertiserMap.clear();
		this.tokenMap.clear();
		this.authCodeMap.clear();
		this.fileMap.clear();
		this.audienceMap.clear();
		this.adGroupMap.clear();
		this.applyLog.length = 0;
		this.app = { ...DEFAULT_WORLD.app, redirectUris: 'loopback' };
		this.authorizationGrant = {
			advertiserIds: this.seed === 'default' ? [...DEFAULT_WORLD.authorizingAdvertiserIds] : [],
			scopes: [...ALL_SCOPES],
		};
		this.counters = {
			authCodesIssued: 0,
			tokensIssued: 0,
			filesUploaded: 0,
			audiencesCreated: 0,
			lookalikesCreated: 0,
			audiencesUpdated: 0,
			audiencesDeleted: 0,
			lookalikesRefreshed: 0,
			sharesAdded: 0,
			sharesCancelled: 0,
			applyActions: 0,
		};
		if (this.seed === 'default') this.seedDefaultWorld();
	}

	// -- clock ----------------------------------------------------------------------------------

	/** The emulator's clock (real time plus any advanceClock offset), in epoch ms. */
	now(): number {
		return Date.now() + this.clockOffsetMs;
	}

	/** Moves the clock forward, e.g. to expire an authorization code. */
	advanceClock(ms: number): void {
		this.clockOffsetMs += ms;
	}

	// -- IDs ------------------------------------------------------------------------------------

	private nextId(kind: keyof typeof ID_BASE): string {
		const next = (this.idCounters.get(kind) ?? 0n) + 1n;
		this.idCounters.set(kind, next);
		return (ID_BASE[kind] + next).toString();
	}

	private nextSequence(): number {
		return ++this.sequence;
	}

	// -- developer app and redirect URIs ----------------------------------------------------------

	setRedirectUris(redirectUris: 'loopback' | string[]): void {
		this.app.redirectUris = redirectUris;
	}

	isRedirectUriAllowed(redirectUri: string): boolean {
		return this.app.redirectUris === 'loopback'
			? defaultRedirectAllowed(redirectUri)
			: this.app.redirectUris.includes(redirectUri);
	}

	// -- business centers and advertisers ---------------------------------------------------------

	addBusinessCenter(id: string, name: string): void {
		this.businessCenterNames.set(id, name);
	}

	businessCenterName(id: string): string | undefined {
		return this.businessCenterNames.get(id);
	}

	advertiser(advertiserId: string): Advertiser | undefined {
		return this.advertiserMap.get(advertiserId);
	}

	advertisers(filter: { environment?: Environment; businessCenterId?: string } = {}): Advertiser[] {
		return [...this.advertiserMap.values()].filter(
			(advertiser) =>
				(filter.environment === undefined || advertiser.environment === filter.environment) &&
				(filter.businessCenterId === undefined ||
					advertiser.businessCenterId === filter.businessCenterId),
		);
	}

	addAdvertiser(input: {
		advertiserId?: string;
		name: string;
		environment?: Environment;
		businessCenterId?: string;
		profile?: Record<string, string | number | boolean>;
	}): Advertiser {
		const advertiser: Advertiser = {
			advertiserId: input.advertiserId ?? this.nextId('advertiser'),
			name: input.name,
			environment: input.environment ?? 'production',
			businessCenterId: input.businessCenterId ?? DEFAULT_WORLD.businessCenters.acmeGroup.id,
			profile: {
				status: 'STATUS_ENABLE',
				role: 'ROLE_ADVERTISER',
				rejection_reason: '',
				company_name_editable: false,
				...ADVERTISER_PROFILES.acmeShoesUs,
				...input.profile,
			},
		};
		this.advertiserMap.set(advertiser.advertiserId, advertiser);
		return advertiser;
	}

	/** Bulk-creates advertisers named '<prefix> 001'…, optionally authorizing a token for them. */
	addAdvertisers(count: number, options: AddAdvertisersOptions = {}): Advertiser[] {
		const created: Advertiser[] = [];
		const width = Math.max(3, String(count).length);
		for (let index = 1; index <= count; index++) {
			created.push(
				this.addAdvertiser({
					name: `${options.namePrefix ?? 'Bulk Advertiser'} ${String(index).padStart(width, '0')}`,
					environment: options.environment,
					businessCenterId: options.businessCenterId,
				}),
			);
		}
		if (options.authorizeToken !== undefined) {
			this.authorizeAdvertisers(
				options.authorizeToken,
				created.map((advertiser) => advertiser.advertiserId),
			);
		}
		return created;
	}

	// -- tokens and authorization codes ---------------------------------------------------------

	token(accessToken: string): Token | undefined {
		return this.tokenMap.get(accessToken);
	}

	tokens(): Token[] {
		return [...this.tokenMap.values()];
	}

	addToken(input: AddTokenInput = {}): Token {
		const environment = input.environment ?? 'production';
		const token: Token = {
			accessToken: input.accessToken ?? randomBytes(20).toString('hex'),
			environment,
			appId: this.app.appId,
			advertiserIds: [...(input.advertiserIds ?? [])],
			scopes: [...(input.scopes ?? ALL_SCOPES)],
			revoked: input.revoked ?? false,
			user: input.user ?? { ...DEFAULT_WORLD.users.production },
			label: input.label ?? `${environment} token`,
		};
		this.tokenMap.set(token.accessToken, token);
		return token;
	}

	authorizeAdvertisers(accessToken: string, advertiserIds: Iterable<string>): void {
		const token = this.tokenMap.get(accessToken);
		if (!token) throw new Error(`Unknown token ${accessToken}`);
		const authorized = new Set(token.advertiserIds);
		for (const advertiserId of advertiserIds) authorized.add(advertiserId);
		token.advertiserIds = [...authorized];
	}

	revokeToken(accessToken: string): void {
		const token = this.tokenMap.get(accessToken);
		if (!token) throw new Error(`Unknown token ${accessToken}`);
		token.revoked = true;
	}

	issueAuthCode(appId: string, redirectUri: string): AuthCode {
		const authCode: AuthCode = {
			code: randomBytes(16).toString('hex'),
			appId,
			redirectUri,
			advertiserIds: [...this.authorizationGrant.advertiserIds],
			scopes: [...this.authorizationGrant.scopes],
			issuedAt: this.now(),
			used: false,
		};
		this.authCodeMap.set(authCode.code, authCode);
		this.counters.authCodesIssued++;
		return authCode;
	}

	authCode(code: string): AuthCode | undefined {
		return this.authCodeMap.get(code);
	}

	/** Single use, one hour, bound to the app: returns the code, or undefined when unusable. */
	redeemAuthCode(code: string, appId: string): AuthCode | undefined {
		const authCode = this.authCodeMap.get(code);
		if (!authCode || authCode.used || authCode.appId !== appId) return undefined;
		if (this.now() - authCode.issuedAt > AUTH_CODE_LIFETIME_MS) return undefined;
		authCode.used = true;
		return authCode;
	}

	// -- files ----------------------------------------------------------------------------------

	get files(): StoredFile[] {
		return [...this.fileMap.values()];
	}

	file(filePath: string): StoredFile | undefined {
		return this.fileMap.get(filePath);
	}

	addFile(input: Omit<StoredFile, 'filePath' | 'uploadedAt'>): StoredFile {
		// The create spec declares file paths as exactly 16 characters.
		const filePath = createHash('md5')
			.update(`${this.nextSequence()}:${input.advertiserId}:${input.md5}`)
			.digest('hex')
			.slice(0, 16);
		const file: StoredFile = { ...input, filePath, uploadedAt: this.now() };
		this.fileMap.set(filePath, file);
		return file;
	}

	// -- audiences ------------------------------------------------------------------------------

	audience(audienceId: string): Audience | undefined {
		return this.audienceMap.get(audienceId);
	}

	/** Audiences owned by an advertiser (all audiences without one), oldest first. */
	audiences(advertiserId?: string): Audience[] {
		const all = [...this.audienceMap.values()];
		return advertiserId === undefined
			? all
			: all.filter((audience) => audience.ownerId === advertiserId);
	}

	isSharedWith(audience: Audience, advertiserId: string): boolean {
		return audience.sharedWith.get(advertiserId)?.status === 'SHARED';
	}

	/** Owned and shared-with audiences, newest first (by create_time, then creation order). */
	visibleAudiences(advertiserId: string): Audience[] {
		const visible: Audience[] = [];
		for (const audience of this.audienceMap.values()) {
			if (audience.ownerId === advertiserId || this.isSharedWith(audience, advertiserId)) {
				visible.push(audience);
			}
		}
		// Creation order is create_time order unless a test seeded an older audience late; sort only
		// then, so paging through 100,000 bulk audiences stays linear.
		const inOrder = visible.every(
			(audience, index) => index === 0 || visible[index - 1].createdAt <= audience.createdAt,
		);
		return inOrder
			? visible.reverse()
			: visible.sort(
					(left, right) => right.createdAt - left.createdAt || right.sequence - left.sequence,
				);
	}

	/** Member count: the digest count, or a lookalike's estimated size. */
	audienceSize(audience: Audience): number {
		return audience.lookalikeSize ?? audience.members.size;
	}

	isProcessing(audience: Audience): boolean {
		return audience.matchingUntil !== undefined && this.now() < audience.matchingUntil;
	}

	/** What TikTok reports as matched (`cover_num`): the last finished size while processing. */
	coverNum(audience: Audience): number {
		return this.isProcessing(audience) ? audience.matchedSize : this.audienceSize(audience);
	}

	/** Usable for delivery: matched, with at least minimumAudienceSize matches. */
	isValid(audience: Audience): boolean {
		return !this.isProcessing(audience) && this.audienceSize(audience) >= this.minimumAudienceSize;
	}

	/**
	 * Starts matching after a create or a member change, for matchingDelayMs on the emulator
	 * clock. `previousSize` is what cover_num keeps showing meanwhile.
	 */
	startMatching(audience: Audience, previousSize: number): void {
		if (this.matchingDelayMs <= 0) return;
		audience.matchedSize = previousSize;
		audience.matchingUntil = this.now() + this.matchingDelayMs;
	}

	/** Holds an audience processing until finishMatching() ends it, whatever matchingDelayMs is. */
	startProcessingIndefinitely(audience: Audience): void {
		audience.matchedSize = 0;
		audience.matchingUntil = Number.POSITIVE_INFINITY;
	}

	/** Ends matching for one audience, or for all; returns how many were still processing. */
	finishMatching(audienceId?: string): number {
		let finished = 0;
		for (const audience of this.audienceMap.values()) {
			if (audienceId !== undefined && audience.audienceId !== audienceId) continue;
			if (this.isProcessing(audience)) finished++;
			audience.matchingUntil = undefined;
			audience.matchedSize = this.audienceSize(audience);
		}
		return finished;
	}

	isExpiring(audience: Audience): boolean {
		return audience.expiresAt - this.now() <= EXPIRING_WINDOW_MS;
	}

	/** Pushes the expiry out again, as TikTok does on use or change when no retention is set. */
	touchExpiry(audience: Audience): void {
		if (audience.retentionInDays === undefined) {
			audience.expiresAt = this.now() + DEFAULT_RETENTION_DAYS * DAY_MS;
		}
	}

	addHistory(
		audience: Audience,
		action: string,
		detail: string,
		message = '',
		at = this.now(),
	): void {
		audience.history.push({
			action,
			action_detail: detail,
			editor: 'open_api',
			msg: message,
			opt_time: formatTikTokTime(at),
		});
	}

	/** Stores a new audience. Used by the routes and by tests that need one in place. */
	addAudience(input: AddAudienceInput): Audience {
		const owner = this.advertiserMap.get(input.advertiserId);
		const createdAt = input.createdAt ?? this.now();
		const retention = input.retentionInDays;
		const members = new Set(input.members ?? []);
		const audience: Audience = {
			audienceId: input.audienceId ?? this.nextId('audience'),
			ownerId: input.advertiserId,
			environment: owner?.environment ?? 'production',
			name: input.name ?? 'Audience',
			audienceType: input.lookalikeSpec ? AUDIENCE_TYPE.lookalike : AUDIENCE_TYPE.customerFile,
			audienceSubType: input.audienceSubType ?? 'NORMAL',
			calculateType: input.lookalikeSpec
				? undefined
				: canonicalCalculateType(input.calculateType ?? 'EMAIL_SHA256'),
			members,
			filePaths: [...(input.filePaths ?? [])],
			lookalikeSpec: input.lookalikeSpec,
			lookalikeSize: input.lookalikeSize,
			audienceEnhancement: input.audienceEnhancement ?? false,
			isAutoRefresh: false,
			retentionInDays: retention,
			matchedSize: input.lookalikeSize ?? members.size,
			createdAt,
			expiresAt: createdAt + (retention ?? DEFAULT_RETENTION_DAYS) * DAY_MS,
			history: [],
			sharedWith: new Map(),
			sequence: this.nextSequence(),
		};
		if (input.processing) this.startProcessingIndefinitely(audience);
		this.audienceMap.set(audience.audienceId, audience);
		return audience;
	}

	/** Bulk-creates audiences for paging tests; fast enough for thousands. */
	addAudiences(advertiserId: string, count: number, options: AddAudiencesOptions = {}): Audience[] {
		const created: Audience[] = [];
		const width = Math.max(4, String(count).length);
		const perAudience = options.membersPerAudience ?? 0;
		for (let index = 1; index <= count; index++) {
			const members: string[] = [];
			for (let member = 0; member < perAudience; member++) {
				members.push(sha256Hex(`bulk-${index}-${member}@acme-shoes.example`));
			}
			const audience = this.addAudience({
				advertiserId,
				name: `${options.namePrefix ?? 'Bulk audience'} ${String(index).padStart(width, '0')}`,
				calculateType: options.calculateType,
				members,
			});
			this.addHistory(audience, 'CREATE', 'Created in bulk for a test');
			created.push(audience);
		}
		return created;
	}

	deleteAudience(audienceId: string): void {
		this.audienceMap.delete(audienceId);
		for (const adGroup of this.adGroupMap.values()) adGroup.audiences.delete(audienceId);
	}

	// -- ad groups ------------------------------------------------------------------------------

	adGroup(adgroupId: string): AdGroup | undefined {
		return this.adGroupMap.get(adgroupId);
	}

	adGroups(advertiserId?: string): AdGroup[] {
		const all = [...this.adGroupMap.values()];
		return advertiserId === undefined
			? all
			: all.filter((adGroup) => adGroup.advertiserId === advertiserId);
	}

	addAdGroup(input: {
		advertiserId: string;
		name: string;
		adgroupId?: string;
		reachAndFrequency?: boolean;
	}): AdGroup {
		const adGroup: AdGroup = {
			adgroupId: input.adgroupId ?? this.nextId('adGroup'),
			advertiserId: input.advertiserId,
			name: input.name,
			reachAndFrequency: input.reachAndFrequency ?? false,
			audiences: new Map(),
		};
		this.adGroupMap.set(adGroup.adgroupId, adGroup);
		return adGroup;
	}

	// -- inspection -----------------------------------------------------------------------------

	/** A JSON summary for the control API: no member lists, no full token values. */
	summary(): Record<string, unknown> {
		return {
			app: { appId: this.app.appId, redirectUris: this.app.redirectUris },
			authorizationGrant: this.authorizationGrant,
			...this.settings,
			businessCenters: [...this.businessCenterNames].map(([id, name]) => ({ id, name })),
			advertisers: [...this.advertiserMap.values()].map((advertiser) => ({
				advertiserId: advertiser.advertiserId,
				name: advertiser.name,
				environment: advertiser.environment,
				businessCenterId: advertiser.businessCenterId,
			})),
			tokens: this.tokens().map((token) => ({
				label: token.label,
				accessTokenPreview: `${token.accessToken.slice(0, 6)}...`,
				environment: token.environment,
				advertiserIds: token.advertiserIds,
				scopes: token.scopes,
				revoked: token.revoked,
			})),
			files: this.files.map((file) => ({
				filePath: file.filePath,
				advertiserId: file.advertiserId,
				calculateType: file.calculateType,
				name: file.name,
				rows: file.rows,
				digestCount: file.digests.size,
				md5: file.md5,
			})),
			audiences: [...this.audienceMap.values()].map((audience) => ({
				audienceId: audience.audienceId,
				ownerId: audience.ownerId,
				name: audience.name,
				audienceType: audience.audienceType,
				calculateType: audience.calculateType,
				memberCount: this.audienceSize(audience),
				createTime: formatTikTokTime(audience.createdAt),
				processing: this.isProcessing(audience),
				filePaths: audience.filePaths,
				sharedWith: [...audience.sharedWith.values()]
					.filter((share) => share.status === 'SHARED')
					.map((share) => share.advertiserId),
			})),
			adGroups: [...this.adGroupMap.values()].map((adGroup) => ({
				adgroupId: adGroup.adgroupId,
				advertiserId: adGroup.advertiserId,
				name: adGroup.name,
				audiences: Object.fromEntries(adGroup.audiences),
			})),
			applyLogEntries: this.applyLog.length,
			counters: this.counters,
		};
	}

	// -- seed -----------------------------------------------------------------------------------

	private seedDefaultWorld(): void {
		const seed = DEFAULT_WORLD;
		for (const center of Object.values(seed.businessCenters)) {
			this.addBusinessCenter(center.id, center.name);
		}
		const centerOf: Record<keyof typeof seed.advertisers, string> = {
			acmeShoesUs: seed.businessCenters.acmeGroup.id,
			acmeShoesEu: seed.businessCenters.acmeGroup.id,
			acmeOutlet: seed.businessCenters.acmeGroup.id,
			otherAgencyClient: seed.businessCenters.otherAgency.id,
			sandbox: seed.businessCenters.sandbox.id,
		};
		for (const key of Object.keys(seed.advertisers) as Array<keyof typeof seed.advertisers>) {
			this.addAdvertiser({
				advertiserId: seed.advertisers[key].id,
				name: seed.advertisers[key].name,
				environment: key === 'sandbox' ? 'sandbox' : 'production',
				businessCenterId: centerOf[key],
				profile: { ...ADVERTISER_PROFILES[key] },
			});
		}

		const acmeIds = [...seed.authorizingAdvertiserIds];
		this.addToken({
			accessToken: seed.tokens.production,
			advertiserIds: acmeIds,
			label: 'production (all scopes)',
		});
		this.addToken({
			accessToken: seed.tokens.readOnly,
			advertiserIds: acmeIds,
			scopes: [100],
			label: 'production (ad account read only)',
		});
		this.addToken({
			accessToken: seed.tokens.revoked,
			advertiserIds: acmeIds,
			revoked: true,
			label: 'production (revoked)',
		});
		this.addToken({
			accessToken: seed.tokens.otherAgency,
			advertiserIds: [seed.advertisers.otherAgencyClient.id],
			user: { ...seed.users.otherAgency },
			label: 'production (other agency)',
		});
		this.addToken({
			accessToken: seed.tokens.sandbox,
			environment: 'sandbox',
			advertiserIds: [seed.advertisers.sandbox.id],
			user: { ...seed.users.sandbox },
			label: 'sandbox',
		});

		for (const adGroup of Object.values(seed.adGroups)) {
			this.addAdGroup({
				adgroupId: adGroup.id,
				advertiserId: adGroup.advertiserId,
				name: adGroup.name,
				reachAndFrequency: adGroup.reachAndFrequency,
			});
		}

		const emailDigests = (first: number, size: number): string[] =>
			Array.from({ length: size }, (_, offset) => sha256Hex(customerEmail(first + offset)));
		const { newsletter, recentBuyers, newsletterLookalike, otherAgencyRetargeting } =
			seed.audiences;
		const acmeUs = seed.advertisers.acmeShoesUs.id;
		for (const [spec, ownerId] of [
			[newsletter, acmeUs],
			[recentBuyers, acmeUs],
			[otherAgencyRetargeting, seed.advertisers.otherAgencyClient.id],
		] as const) {
			const audience = this.addAudience({
				audienceId: spec.id,
				advertiserId: ownerId,
				name: spec.name,
				calculateType: 'EMAIL_SHA256',
				members: emailDigests(spec.firstCustomer, spec.size),
			});
			this.addHistory(audience, 'CREATE', `Created from a customer file with ${spec.size} IDs`);
		}
		const lookalike = this.addAudience({
			audienceId: newsletterLookalike.id,
			advertiserId: acmeUs,
			name: newsletterLookalike.name,
			lookalikeSpec: {
				source_audience_id: newsletter.id,
				include_source: false,
				mobile_os: 'ALL',
				placements: ['TikTok'],
				location_ids: ['6252001'],
				audience_size: 'BALANCED',
			},
			lookalikeSize: newsletter.size * (LOOKALIKE_SIZE_FACTOR.BALANCED ?? 1),
		});
		this.addHistory(lookalike, 'CREATE', `Lookalike of ${newsletter.id}`);
	}
}
