import { invalidParameter, noPermission, notFound } from '../errors';
import type { MultipartBody } from '../multipart';
import type { Environment, TokenReplyShape } from '../types';
import type { Audience, Token, World } from '../world';
import { AUDIENCE_TYPE, formatTikTokTime } from '../world';

export const API_PREFIX = '/open_api/v1.3';

export type ParsedBody =
	| { kind: 'none' }
	| { kind: 'json'; value: unknown }
	| { kind: 'invalid-json'; text: string }
	| { kind: 'form'; fields: URLSearchParams }
	| { kind: 'multipart'; multipart: MultipartBody }
	| { kind: 'unparsable-multipart' }
	| { kind: 'other'; contentType: string; size: number };

export interface ParsedRequest {
	method: string;
	path: string;
	rawUrl: string;
	query: URLSearchParams;
	headers: Record<string, string>;
	/** Media type without parameters, lower case ('' when absent). */
	mediaType: string;
	body: ParsedBody;
}

export interface RouteContext {
	world: World;
	environment: Environment;
	request: ParsedRequest;
	/** The caller's token; set on every route with authentication 'token'. */
	token?: Token;
	/** Validated query (GET) or body (POST) values, keyed by parameter name. */
	params: Record<string, unknown>;
	tokenReplyShape: TokenReplyShape;
}

export type RouteReply =
	/** Success envelope with this data. */
	| { type: 'data'; data: unknown }
	/** A JSON body sent as is (the flat token reply). */
	| { type: 'json'; body: unknown }
	| { type: 'html'; status: number; body: string }
	| { type: 'redirect'; location: string };

export interface RouteDefinition {
	method: 'GET' | 'POST';
	/** Path after /open_api/v1.3 for API routes, or the full path for pages. */
	path: string;
	/** Whether `path` sits under /open_api/v1.3. */
	api: boolean;
	/** Validate against the operation spec of the same method and path (spec files or LOCAL_OPERATIONS). */
	validate: boolean;
	/** Token required ('token'), or no token check ('none'). */
	authentication: 'token' | 'none';
	/** TikTok permission ID the token must carry. */
	scope?: number;
	/** 'supported' (default), 'unsupported' (code 40014) or 'absent' (HTTP 404) on sandbox. */
	sandbox?: 'supported' | 'unsupported' | 'absent';
	handle(context: RouteContext): RouteReply;
}

/** The caller's token on an authenticated route. */
export function callerToken(context: RouteContext): Token {
	if (!context.token) throw new Error('Route needs authentication but ran without a token');
	return context.token;
}

export function ok(data: unknown = {}): RouteReply {
	return { type: 'data', data };
}

// -- typed access to validated params ---------------------------------------------------------

export function stringParam(params: Record<string, unknown>, name: string): string {
	return params[name] as string;
}

export function optionalString(params: Record<string, unknown>, name: string): string | undefined {
	return params[name] as string | undefined;
}

export function stringList(params: Record<string, unknown>, name: string): string[] {
	return params[name] as string[];
}

export function optionalStringList(
	params: Record<string, unknown>,
	name: string,
): string[] | undefined {
	return params[name] as string[] | undefined;
}

export function optionalInteger(params: Record<string, unknown>, name: string): number | undefined {
	return params[name] as number | undefined;
}

export function optionalBoolean(
	params: Record<string, unknown>,
	name: string,
): boolean | undefined {
	return params[name] as boolean | undefined;
}

// -- audience access ----------------------------------------------------------------------------

function isVisible(world: World, audience: Audience, advertiserId: string): boolean {
	return audience.ownerId === advertiserId || world.isSharedWith(audience, advertiserId);
}

/** The audience, when the advertiser owns it or it is shared with them; else 40007. */
export function requireVisibleAudience(
	world: World,
	advertiserId: string,
	audienceId: string,
	parameter: string,
): Audience {
	const audience = world.audience(audienceId);
	if (!audience || !isVisible(world, audience, advertiserId)) {
		throw notFound(
			`${parameter}: audience ${audienceId} does not exist or is not available to advertiser ${advertiserId}`,
		);
	}
	return audience;
}

/** The audience, when the advertiser owns it: 40007 when unknown, 40001 when only shared. */
export function requireOwnedAudience(
	world: World,
	advertiserId: string,
	audienceId: string,
	parameter: string,
): Audience {
	const audience = requireVisibleAudience(world, advertiserId, audienceId, parameter);
	if (audience.ownerId !== advertiserId) {
		throw noPermission(
			`${parameter}: audience ${audienceId} is owned by another advertiser (${audience.ownerId}); advertiser ${advertiserId} may not change it`,
		);
	}
	return audience;
}

export function isLookalike(audience: Audience): boolean {
	return audience.audienceType === AUDIENCE_TYPE.lookalike;
}

/** The fields /dmp/custom_audience/list/ returns for one audience, as seen by `advertiserId`. */
export function audienceListItem(
	world: World,
	audience: Audience,
	advertiserId: string,
): Record<string, unknown> {
	const isCreator = audience.ownerId === advertiserId;
	const sharedOut = [...audience.sharedWith.values()].some((share) => share.status === 'SHARED');
	const size = world.coverNum(audience);
	const item: Record<string, unknown> = {
		audience_id: audience.audienceId,
		name: audience.name,
		audience_type: audience.audienceType,
		audience_sub_type: audience.audienceSubType,
		cover_num: size,
		shared: isCreator ? sharedOut : true,
		is_creator: isCreator,
		owner_id: audience.ownerId,
		is_valid: world.isValid(audience),
		is_expiring: world.isExpiring(audience),
		is_auto_refresh: audience.isAutoRefresh,
		rule: '',
		msg: '',
		error_msg: '',
		create_time: formatTikTokTime(audience.createdAt),
		expired_time: formatTikTokTime(audience.expiresAt),
	};
	if (audience.calculateType !== undefined) item.calculate_type = audience.calculateType;
	if (audience.lookalikeSpec) item.lookalike_spec = { ...audience.lookalikeSpec };
	return item;
}

export interface PageInfo {
	page: number;
	page_size: number;
	total_number: number;
	total_page: number;
}

export function paginate<T>(
	items: readonly T[],
	page: number,
	pageSize: number,
): { list: T[]; page_info: PageInfo } {
	const start = (page - 1) * pageSize;
	return {
		list: items.slice(start, start + pageSize),
		page_info: {
			page,
			page_size: pageSize,
			total_number: items.length,
			total_page: Math.ceil(items.length / pageSize),
		},
	};
}

export function requireNonEmpty(value: string | undefined, parameter: string): string {
	if (value === undefined || value === '') throw invalidParameter(`${parameter}: is required`);
	return value;
}

/** The audience named by `custom_audience_id`, which the advertiser must own. */
export function ownedAudienceParam(
	world: World,
	params: Record<string, unknown>,
	advertiserId: string,
): Audience {
	return requireOwnedAudience(
		world,
		advertiserId,
		stringParam(params, 'custom_audience_id'),
		'custom_audience_id',
	);
}

export function describeCount(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
