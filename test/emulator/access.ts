import { ApiError, ERROR_CODE } from './errors';
import { faultMessage } from './faults';
import type { ParsedRequest, RouteDefinition } from './routes/common';
import type { Environment } from './types';
import type { Token, World } from './world';

// The checks every token-authenticated API request passes, in the README's order ("Checks on
// every API request"): 1-6 before spec validation, 8 after it.

/** Checks 1-6: token in the header, known, of this environment, not revoked; sandbox; scope. */
export function authenticate(
	world: World,
	request: ParsedRequest,
	environment: Environment,
	route: RouteDefinition,
): Token {
	if (request.query.has('Access-Token')) {
		throw new ApiError(
			ERROR_CODE.invalidParameter,
			'Access-Token: must be sent in the Access-Token HTTP header, not in the query string',
		);
	}
	const accessToken = request.headers['access-token'];
	if (accessToken === undefined || accessToken === '') {
		throw new ApiError(
			ERROR_CODE.accessTokenMissing,
			'Access token is null, you should set it in http header with key Access-Token.',
		);
	}
	const token = world.token(accessToken);
	if (!token || token.environment !== environment) {
		throw new ApiError(
			ERROR_CODE.accessTokenInvalid,
			'Access token is incorrect or has been revoked.',
		);
	}
	if (token.revoked) {
		throw new ApiError(
			ERROR_CODE.accessTokenExpired,
			'Access token has expired or the authorization has been revoked.',
		);
	}
	requireServedInSandbox(environment, route);
	if (route.scope !== undefined && !token.scopes.includes(route.scope)) {
		throw new ApiError(
			ERROR_CODE.noPermission,
			`No permission to operate: the access token lacks permission scope ${route.scope}. Ask the advertiser to grant it.`,
		);
	}
	return token;
}

/** Check 5: a route TikTok does not serve in the sandbox answers 40014 there. */
export function requireServedInSandbox(environment: Environment, route: RouteDefinition): void {
	if (environment === 'sandbox' && route.sandbox === 'unsupported') {
		throw new ApiError(
			ERROR_CODE.notSupportedInSandbox,
			faultMessage(ERROR_CODE.notSupportedInSandbox),
		);
	}
}

/** Check 8: the `advertiser_id` must be one the token is authorized for, in this environment. */
export function requireAuthorizedAdvertiser(
	world: World,
	token: Token,
	environment: Environment,
	advertiserId: string,
): void {
	const advertiser = world.advertiser(advertiserId);
	if (
		!advertiser ||
		advertiser.environment !== environment ||
		!token.advertiserIds.includes(advertiserId)
	) {
		throw new ApiError(
			ERROR_CODE.noPermission,
			`advertiser_id: no permission for advertiser ${advertiserId}; the access token is not authorized for it`,
		);
	}
}
