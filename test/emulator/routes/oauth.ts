import { ApiError, ERROR_CODE, invalidParameter } from '../errors';
import { SCOPE } from '../seed';
import type { RouteContext, RouteDefinition, RouteReply } from './common';
import { callerToken, ok, stringParam } from './common';

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function errorPage(message: string): RouteReply {
	return {
		type: 'html',
		status: 400,
		body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorization failed</title></head>
<body><h1>Authorization failed</h1><p>${escapeHtml(message)}</p></body></html>
`,
	};
}

/** GET /portal/auth: approves at once and redirects with the code as `code` and `auth_code`. */
function authorizationPage({ world, request }: RouteContext): RouteReply {
	const appId = request.query.get('app_id');
	const redirectUri = request.query.get('redirect_uri');
	const state = request.query.get('state');
	if (!appId) return errorPage('The app_id parameter is missing.');
	if (appId !== world.app.appId) return errorPage(`Unknown app_id ${appId}.`);
	if (!redirectUri) return errorPage('The redirect_uri parameter is missing.');
	if (!world.isRedirectUriAllowed(redirectUri)) {
		return errorPage(`The redirect_uri ${redirectUri} is not registered for this app.`);
	}
	const { code } = world.issueAuthCode(appId, redirectUri);
	const target = new URL(redirectUri);
	target.searchParams.set('code', code);
	target.searchParams.set('auth_code', code);
	if (state !== null) target.searchParams.set('state', state);
	return { type: 'redirect', location: target.toString() };
}

function tokenRequestFields(context: RouteContext): Map<string, string> {
	const { body, headers } = context.request;
	const fields = new Map<string, string>();
	if (body.kind === 'form') {
		for (const [name, value] of body.fields) fields.set(name, value);
	} else if (body.kind === 'json' && typeof body.value === 'object' && body.value !== null) {
		for (const [name, value] of Object.entries(body.value)) {
			if (typeof value === 'string') fields.set(name, value);
		}
	} else {
		throw invalidParameter(
			'Content-Type: must be application/x-www-form-urlencoded or application/json',
		);
	}
	// Clients configured for header authentication send the app credentials as HTTP Basic.
	const authorization = headers.authorization ?? '';
	if (authorization.toLowerCase().startsWith('basic ') && !fields.has('client_id')) {
		const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon > 0) {
			fields.set('client_id', decodeURIComponent(decoded.slice(0, colon)));
			fields.set('client_secret', decodeURIComponent(decoded.slice(colon + 1)));
		}
	}
	return fields;
}

/** POST /open_api/v1.3/oauth/token/: exchanges an authorization code for a long-term token. */
function exchangeCode(context: RouteContext): RouteReply {
	const { world } = context;
	const fields = tokenRequestFields(context);
	const clientId = fields.get('client_id');
	const clientSecret = fields.get('client_secret');
	if (clientId !== world.app.appId || clientSecret !== world.app.secret) {
		throw new ApiError(
			ERROR_CODE.invalidAppCredentials,
			'Invalid auth parameters: the client_id (app_id) or client_secret (secret) is wrong.',
		);
	}
	if (fields.get('grant_type') !== 'authorization_code') {
		throw new ApiError(
			ERROR_CODE.invalidGrantType,
			`Invalid grant_type ${JSON.stringify(fields.get('grant_type') ?? '')}; expected authorization_code.`,
		);
	}
	const authCode = world.redeemAuthCode(fields.get('code') ?? '', clientId);
	if (!authCode) {
		throw new ApiError(
			ERROR_CODE.invalidAuthCode,
			'The auth_code is invalid, has been used, has expired or was cancelled.',
		);
	}
	const token = world.addToken({
		advertiserIds: authCode.advertiserIds,
		scopes: authCode.scopes,
		label: 'issued by /oauth/token/',
	});
	world.counters.tokensIssued++;
	if (context.tokenReplyShape === 'flat') {
		return {
			type: 'json',
			body: {
				access_token: token.accessToken,
				token_type: 'bearer',
				advertiser_ids: token.advertiserIds,
				scope: token.scopes,
			},
		};
	}
	return ok({
		access_token: token.accessToken,
		advertiser_ids: token.advertiserIds,
		scope: token.scopes,
	});
}

function userInfo(context: RouteContext): RouteReply {
	const token = callerToken(context);
	return ok({
		core_user_id: token.user.coreUserId,
		display_name: token.user.displayName,
		email: token.user.email,
	});
}

function authorizedAdvertisers(context: RouteContext): RouteReply {
	const { world, params } = context;
	const token = callerToken(context);
	if (
		stringParam(params, 'app_id') !== world.app.appId ||
		stringParam(params, 'secret') !== world.app.secret
	) {
		throw new ApiError(
			ERROR_CODE.invalidAppCredentials,
			'Invalid auth parameters: the app_id or secret is wrong.',
		);
	}
	const list = token.advertiserIds
		.map((advertiserId) => world.advertiser(advertiserId))
		.filter((advertiser) => advertiser !== undefined)
		.map((advertiser) => ({
			advertiser_id: advertiser.advertiserId,
			advertiser_name: advertiser.name,
		}));
	return ok({ list });
}

export const oauthRoutes: readonly RouteDefinition[] = [
	{
		method: 'GET',
		path: '/portal/auth',
		api: false,
		validate: false,
		authentication: 'none',
		sandbox: 'absent',
		handle: authorizationPage,
	},
	{
		method: 'POST',
		path: '/oauth/token/',
		api: true,
		validate: false,
		authentication: 'none',
		sandbox: 'unsupported',
		handle: exchangeCode,
	},
	{
		method: 'GET',
		path: '/user/info/',
		api: true,
		validate: true,
		authentication: 'token',
		handle: userInfo,
	},
	{
		method: 'GET',
		path: '/oauth2/advertiser/get/',
		api: true,
		validate: true,
		authentication: 'token',
		scope: SCOPE.readAdAccount,
		sandbox: 'unsupported',
		handle: authorizedAdvertisers,
	},
];
