import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import {
	describeTikTokCode,
	isRateLimitCode,
	isSandboxUnsupportedCode,
	RETRYABLE_CODES,
} from '../helpers/errors';
import { nextRetryDelay, retryPolicyFromOptions, type RetryPolicy } from '../helpers/retry';
import { readStoredToken } from '../helpers/tokenData';

export const PRODUCTION_CREDENTIAL_TYPE = 'tikTokForBusinessOAuth2Api';
export const SANDBOX_CREDENTIAL_TYPE = 'tikTokForBusinessSandboxApi';

const API_PATH = '/open_api/v1.3';
const REQUEST_TIMEOUT_MS = 300_000;

export type TikTokContext = IExecuteFunctions | ILoadOptionsFunctions;

export interface Connection {
	credentialType: typeof PRODUCTION_CREDENTIAL_TYPE | typeof SANDBOX_CREDENTIAL_TYPE;
	isSandbox: boolean;
	baseUrl: string;
	/** The sandbox ad account configured on the sandbox credential. */
	sandboxAdvertiserId?: string;
	/** Where the OAuth2 token sits in the stored token data (flat or wrapped reply). */
	oauthTokenPath?: string;
}

export interface TikTokRequest {
	method: IHttpRequestMethods;
	/** Path below /open_api/v1.3, with TikTok's trailing slash, e.g. '/advertiser/info/'. */
	endpoint: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** A body already encoded, e.g. multipart/form-data, sent as it is. */
	rawBody?: { data: Buffer; contentType: string };
	itemIndex?: number;
	/**
	 * Whether sending the request twice has the same effect as sending it once. Reads and set-like
	 * writes are; creating an audience is not. Defaults to true for GET, false otherwise.
	 */
	idempotent?: boolean;
	/** For a non-idempotent request whose reply was lost: finds its effect, if it happened. */
	reconcile?: () => Promise<IDataObject | undefined>;
	/** Whether the request concerns a custom audience, for the error advice. */
	aboutAudience?: boolean;
	/** A connection already read in this execution, to avoid reading the credential again. */
	connection?: Connection;
}

interface TikTokEnvelope {
	code: number;
	message?: string;
	request_id?: string;
	data?: IDataObject;
}

/** What one attempt ended with, without anything that could carry a secret. */
type AttemptOutcome =
	| { kind: 'success'; data: IDataObject }
	| { kind: 'tiktokError'; code: number; message: string; requestId?: string }
	| { kind: 'httpError'; status: number }
	| { kind: 'networkError'; reason: string };

function isExecuteContext(context: TikTokContext): context is IExecuteFunctions {
	return 'getInputData' in context;
}

function readParameter(context: TikTokContext, name: string, itemIndex: number, fallback: unknown) {
	return isExecuteContext(context)
		? context.getNodeParameter(name, itemIndex, fallback)
		: context.getNodeParameter(name, fallback);
}

function trimTrailingSlashes(url: string): string {
	return url.replace(/\/+$/, '');
}

/** Reads which credential the node uses and where it points. */
export async function getConnection(this: TikTokContext, itemIndex = 0): Promise<Connection> {
	const credentialType = readParameter(
		this,
		'authentication',
		itemIndex,
		PRODUCTION_CREDENTIAL_TYPE,
	);
	if (credentialType === SANDBOX_CREDENTIAL_TYPE) {
		const credentials = await this.getCredentials(SANDBOX_CREDENTIAL_TYPE);
		return {
			credentialType: SANDBOX_CREDENTIAL_TYPE,
			isSandbox: true,
			baseUrl: trimTrailingSlashes(String(credentials.baseUrl || 'https://sandbox-ads.tiktok.com')),
			sandboxAdvertiserId: String(credentials.advertiserId ?? '').trim(),
		};
	}
	const credentials = await this.getCredentials(PRODUCTION_CREDENTIAL_TYPE);
	const storedToken = readStoredToken(credentials.oauthTokenData);
	if (!storedToken.ok) {
		const tikTokSaid =
			storedToken.message !== undefined
				? ` TikTok said: "${storedToken.message}"${storedToken.code !== undefined ? ` (code ${storedToken.code})` : ''}.`
				: '';
		throw new NodeApiError(
			this.getNode(),
			{ code: storedToken.code ?? null, message: storedToken.message ?? null },
			{
				message: `The TikTok credential holds no access token: reconnect the credential.${tikTokSaid}`,
				description:
					'n8n reports "Connection successful" even when TikTok refuses the authorization. Open the credential, check the App ID and Secret, click "Reconnect" and approve the ad accounts again. An authorization code works once and for one hour.',
				itemIndex,
			},
		);
	}
	return {
		credentialType: PRODUCTION_CREDENTIAL_TYPE,
		isSandbox: false,
		baseUrl: trimTrailingSlashes(String(credentials.baseUrl || 'https://business-api.tiktok.com')),
		oauthTokenPath: storedToken.tokenPath,
	};
}

/** The production app's ID and secret, which one TikTok endpoint wants in its query. */
export async function getAppCredentials(
	this: TikTokContext,
): Promise<{ appId: string; secret: string }> {
	const credentials = await this.getCredentials(PRODUCTION_CREDENTIAL_TYPE);
	return {
		appId: String(credentials.clientId ?? ''),
		secret: String(credentials.clientSecret ?? ''),
	};
}

/** TikTok wants arrays and objects in GET queries as JSON strings: advertiser_ids=["1","2"]. */
export function encodeQuery(qs: IDataObject): Record<string, string> {
	const encoded: Record<string, string> = {};
	for (const [key, value] of Object.entries(qs)) {
		if (value === undefined || value === null) continue;
		encoded[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
	}
	return encoded;
}

function readRetryPolicy(context: TikTokContext, itemIndex: number): RetryPolicy {
	if (!isExecuteContext(context)) return retryPolicyFromOptions(undefined);
	return retryPolicyFromOptions(context.getNodeParameter('options', itemIndex, {}) as IDataObject);
}

function networkReason(error: unknown): string {
	// n8n wraps the HTTP client's error: the socket-level code is in httpCode or the messages.
	const { code, httpCode, messages, message } = (error ?? {}) as {
		code?: unknown;
		httpCode?: unknown;
		messages?: unknown;
		message?: unknown;
	};
	for (const candidate of [code, httpCode]) {
		if (typeof candidate === 'string' && /^E[A-Z_]{3,}$/.test(candidate)) return candidate;
	}
	const text = [...(Array.isArray(messages) ? messages : []), message].join(' ');
	const socketCode = /\bE[A-Z_]{3,}\b/.exec(text);
	if (socketCode) return socketCode[0];
	if (/socket hang up/i.test(text)) return 'ECONNRESET';
	if (/timeout/i.test(text)) return 'ETIMEDOUT';
	return 'unknown';
}

// In words: n8n replaces any error message that contains a socket code with its own text.
const NETWORK_FAILURES: Record<string, string> = {
	ECONNRESET: 'the connection was reset',
	ECONNABORTED: 'the request timed out',
	ETIMEDOUT: 'the request timed out',
	ECONNREFUSED: 'the connection was refused',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be resolved',
	EPIPE: 'the connection was closed',
};

async function attempt(
	context: TikTokContext,
	connection: Connection,
	request: TikTokRequest,
): Promise<AttemptOutcome> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${connection.baseUrl}${API_PATH}${request.endpoint}`,
		qs: request.qs ? encodeQuery(request.qs) : undefined,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: REQUEST_TIMEOUT_MS,
	};
	if (request.rawBody) {
		options.body = request.rawBody.data;
		options.headers = { 'Content-Type': request.rawBody.contentType };
	} else if (request.body) {
		options.body = request.body;
	}

	let response: { statusCode: number; body: unknown };
	try {
		response =
			connection.credentialType === PRODUCTION_CREDENTIAL_TYPE
				? await context.helpers.httpRequestWithAuthentication.call(
						context,
						PRODUCTION_CREDENTIAL_TYPE,
						options,
						{
							oauth2: {
								property: connection.oauthTokenPath,
								keyToIncludeInAccessTokenHeader: 'Access-Token',
							},
						},
					)
				: await context.helpers.httpRequestWithAuthentication.call(
						context,
						SANDBOX_CREDENTIAL_TYPE,
						options,
					);
	} catch (error) {
		// The caught error carries the request (URL, headers, token); keep only its kind.
		return { kind: 'networkError', reason: networkReason(error) };
	}

	if (response.statusCode < 200 || response.statusCode >= 300) {
		return { kind: 'httpError', status: response.statusCode };
	}
	const envelope = response.body as TikTokEnvelope | undefined;
	if (typeof envelope !== 'object' || envelope === null || typeof envelope.code !== 'number') {
		return { kind: 'httpError', status: response.statusCode };
	}
	if (envelope.code !== 0) {
		return {
			kind: 'tiktokError',
			code: envelope.code,
			message: envelope.message ?? '',
			requestId: envelope.request_id,
		};
	}
	return { kind: 'success', data: envelope.data ?? {} };
}

function describeFailure(outcome: Exclude<AttemptOutcome, { kind: 'success' }>): string {
	switch (outcome.kind) {
		case 'tiktokError':
			return `TikTok error ${outcome.code}: ${outcome.message}`;
		case 'httpError':
			return `HTTP ${outcome.status}`;
		case 'networkError':
			return NETWORK_FAILURES[outcome.reason] ?? 'the connection failed';
	}
}

function seconds(ms: number): string {
	return `${Math.round(ms / 100) / 10} s`;
}

function failureError(
	context: TikTokContext,
	connection: Connection,
	request: TikTokRequest,
	outcome: Exclude<AttemptOutcome, { kind: 'success' }>,
	attempts: number,
	waitedMs: number,
): NodeApiError {
	const itemIndex = request.itemIndex;
	const retried =
		attempts > 1 ? ` Tried ${attempts} times over ${seconds(waitedMs)} of waiting.` : '';
	if (outcome.kind === 'tiktokError') {
		let message = `TikTok refused the request: ${outcome.message || 'no message'} (code ${outcome.code})`;
		if (connection.isSandbox && isSandboxUnsupportedCode(outcome.code)) {
			message = `TikTok's sandbox does not support ${request.endpoint}: ${outcome.message || 'not supported'} (code ${outcome.code})`;
		} else if (isRateLimitCode(outcome.code)) {
			message = `TikTok kept rate limiting the request (code ${outcome.code}: ${outcome.message || 'too many requests'})`;
		}
		return new NodeApiError(
			context.getNode(),
			{ code: outcome.code, message: outcome.message, request_id: outcome.requestId ?? null },
			{
				message: `${message}.${retried}`,
				description: `${describeTikTokCode(outcome.code, {
					isSandbox: connection.isSandbox,
					aboutAudience: request.aboutAudience,
				})}${outcome.requestId ? ` Request ID: ${outcome.requestId}.` : ''}`,
				itemIndex,
			},
		);
	}
	if (outcome.kind === 'httpError' && outcome.status < 500) {
		return new NodeApiError(
			context.getNode(),
			{ status: outcome.status },
			{
				message: `TikTok answered HTTP ${outcome.status} for ${request.endpoint}.`,
				description:
					outcome.status === 404
						? 'The endpoint was not found. Check the base URL in the credential (it must be the host only, e.g. https://business-api.tiktok.com).'
						: 'TikTok rejected the request at the HTTP level. Check the base URL in the credential and any proxy in between.',
				httpCode: String(outcome.status),
				itemIndex,
			},
		);
	}
	return new NodeApiError(
		context.getNode(),
		{ reason: describeFailure(outcome) },
		{
			message: `Could not reach TikTok: ${describeFailure(outcome)}.${retried}`,
			description:
				'TikTok or the network between n8n and TikTok failed. Run the node again later, or raise "Max Attempts" and "Max Total Wait" under Options.',
			httpCode: outcome.kind === 'httpError' ? String(outcome.status) : undefined,
			itemIndex,
		},
	);
}

/**
 * Sends one request to TikTok and returns the envelope's `data`. Retries what TikTok did not act
 * on (rate limits, server codes) and, for idempotent requests, lost replies (HTTP 5xx, resets);
 * throws a NodeApiError carrying TikTok's code, message and request ID otherwise.
 */
export async function tikTokApiRequest(
	this: TikTokContext,
	request: TikTokRequest,
): Promise<IDataObject> {
	const itemIndex = request.itemIndex ?? 0;
	const connection = request.connection ?? (await getConnection.call(this, itemIndex));
	const policy = readRetryPolicy(this, itemIndex);
	const idempotent = request.idempotent ?? request.method === 'GET';

	let attempts = 0;
	let waitedMs = 0;
	for (;;) {
		attempts++;
		const outcome = await attempt(this, connection, request);
		if (outcome.kind === 'success') return outcome.data;

		const rejectedWithoutEffect =
			outcome.kind === 'tiktokError' && RETRYABLE_CODES.has(outcome.code);
		const replyLost =
			outcome.kind === 'networkError' || (outcome.kind === 'httpError' && outcome.status >= 500);
		if (!rejectedWithoutEffect && !replyLost) {
			throw failureError(this, connection, request, outcome, attempts, waitedMs);
		}
		if (replyLost && !idempotent) {
			const effect = request.reconcile ? await request.reconcile() : undefined;
			if (effect) return effect;
			if (!request.reconcile) {
				throw failureError(this, connection, request, outcome, attempts, waitedMs);
			}
		}
		const delay = nextRetryDelay(policy, attempts, waitedMs);
		if (delay === undefined) {
			throw failureError(this, connection, request, outcome, attempts, waitedMs);
		}
		await sleep(delay);
		waitedMs += delay;
	}
}

export interface PagingOptions {
	/** Key of the array in `data` (TikTok mostly uses `list`). */
	propertyName?: string;
	/** Stop once this many entries are collected; all pages when undefined. */
	limit?: number;
}

const MAX_PAGE_SIZE = 100;

/** Pages through a list endpoint with `page`/`page_size` until `page_info.total_page` or the limit. */
export async function tikTokApiRequestAllItems(
	this: TikTokContext,
	request: TikTokRequest,
	{ propertyName = 'list', limit }: PagingOptions = {},
): Promise<IDataObject[]> {
	const connection = request.connection ?? (await getConnection.call(this, request.itemIndex ?? 0));
	const results: IDataObject[] = [];
	const pageSize =
		limit !== undefined ? Math.min(MAX_PAGE_SIZE, Math.max(1, limit)) : MAX_PAGE_SIZE;
	for (let page = 1; ; page++) {
		const data = await tikTokApiRequest.call(this, {
			...request,
			connection,
			qs: { ...request.qs, page, page_size: pageSize },
		});
		const entries = (data[propertyName] as IDataObject[] | undefined) ?? [];
		results.push(...entries);
		if (limit !== undefined && results.length >= limit) return results.slice(0, limit);
		const pageInfo = (data.page_info as IDataObject | undefined) ?? {};
		const totalPages = Number(pageInfo.total_page ?? page);
		if (entries.length === 0 || page >= totalPages) return results;
	}
}
