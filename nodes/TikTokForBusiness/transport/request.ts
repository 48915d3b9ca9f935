import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import { PRODUCTION_CREDENTIAL_TYPE, type Connection, type TikTokContext } from './connection';
import { networkReason, type AttemptOutcome } from './errors';

export const API_PATH = '/open_api/v1.3';
const REQUEST_TIMEOUT_MS = 300_000;

export interface TikTokRequest {
	method: IHttpRequestMethods;
	/** Path below /open_api/v1.3, with TikTok's trailing slash, e.g. '/advertiser/info/'. */
	endpoint: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** A body already encoded, e.g. multipart/form-data, sent as it is. */
	rawBody?: { data: Buffer; contentType: string };
	/**
	 * Whether sending the request twice has the same effect as sending it once. Reads and set-like
	 * writes are; creating an audience is not. Defaults to true for GET, false otherwise.
	 */
	idempotent?: boolean;
	/** For a non-idempotent request whose reply was lost: finds its effect, if it happened. */
	reconcile?: () => Promise<IDataObject | undefined>;
}

interface TikTokEnvelope {
	code: number;
	message?: string;
	request_id?: string;
	data?: IDataObject;
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

/** Sends one request once, signed with the connection's credential, and reads the envelope. */
export async function sendOnce(
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
								// Without it n8n follows the stored token_type, and for any type but
								// "bearer" puts the token into the URL as ?access_token=.
								tokenType: 'Bearer',
							},
						},
					)
				: await context.helpers.httpRequestWithAuthentication.call(
						context,
						connection.credentialType,
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
