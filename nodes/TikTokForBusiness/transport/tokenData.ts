import type { IDataObject } from 'n8n-workflow';

export type StoredToken =
	| { ok: true; tokenPath: 'access_token' | 'data.access_token' }
	| { ok: false; code?: number; message?: string };

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Finds the access token in what n8n stored after the OAuth2 exchange. TikTok's reply may be flat
 * (`access_token`) or wrapped in its envelope (`data.access_token`); a failed exchange still
 * arrives as HTTP 200, so n8n may have stored TikTok's error body instead of a token.
 */
export function readStoredToken(oauthTokenData: unknown): StoredToken {
	if (!isObject(oauthTokenData)) return { ok: false };
	if (typeof oauthTokenData.access_token === 'string' && oauthTokenData.access_token !== '') {
		return { ok: true, tokenPath: 'access_token' };
	}
	const data = oauthTokenData.data;
	if (isObject(data) && typeof data.access_token === 'string' && data.access_token !== '') {
		return { ok: true, tokenPath: 'data.access_token' };
	}
	return {
		ok: false,
		code: typeof oauthTokenData.code === 'number' ? oauthTokenData.code : undefined,
		message: typeof oauthTokenData.message === 'string' ? oauthTokenData.message : undefined,
	};
}
