import { authenticate, requireAuthorizedAdvertiser, requireServedInSandbox } from './access';
import { ApiError, ERROR_CODE } from './errors';
import type { Reply } from './http';
import { envelope, errorEnvelope, jsonReply, textReply } from './http';
import type { ParsedRequest, RouteContext, RouteDefinition, RouteReply } from './routes/common';
import { API_PREFIX } from './routes/common';
import type { SpecCatalog } from './spec';
import { loadSpecCatalog, operationKey } from './spec';
import type { Environment, TokenReplyShape } from './types';
import { validateRequest } from './validation';
import type { World } from './world';

/** What the router needs to answer one request. */
export interface DispatchInput {
	world: World;
	request: ParsedRequest;
	environment: Environment;
	requestId: string;
	tokenReplyShape: TokenReplyShape;
}

/**
 * The API and page routes of one emulator: finds the route of a request, runs the access checks
 * and spec validation, calls the handler and turns its outcome (or error) into a reply.
 */
export class Router {
	private readonly catalog: SpecCatalog = loadSpecCatalog();
	private readonly routes = new Map<string, RouteDefinition>();
	private readonly routePaths = new Set<string>();

	constructor(routes: readonly RouteDefinition[]) {
		for (const route of routes) {
			const fullPath = route.api ? `${API_PREFIX}${route.path}` : route.path;
			if (route.validate && !this.catalog.has(operationKey(route.method, route.path))) {
				throw new Error(`No spec for ${route.method} ${route.path}`);
			}
			this.routes.set(operationKey(route.method, fullPath), route);
			this.routePaths.add(fullPath);
		}
	}

	/** Routes one request and turns the outcome into a reply. Synchronous, so effects are atomic. */
	dispatch(input: DispatchInput): Reply {
		const { request, environment, requestId } = input;
		const route = this.routes.get(operationKey(request.method, request.path));
		if (!route) {
			if (this.routePaths.has(request.path)) {
				return textReply(405, `405 method ${request.method} not allowed`);
			}
			// Includes paths missing their trailing slash, which TikTok answers with a 404 page.
			return textReply(404, '404 page not found');
		}
		if (environment === 'sandbox' && route.sandbox === 'absent') {
			return textReply(404, '404 page not found');
		}
		try {
			return toReply(this.run(route, input), requestId);
		} catch (error) {
			if (error instanceof ApiError) return errorEnvelope(error, requestId);
			const message = error instanceof Error ? error.message : String(error);
			return envelope(ERROR_CODE.systemError, `Emulator internal error: ${message}`, {}, requestId);
		}
	}

	private run(route: RouteDefinition, input: DispatchInput): RouteReply {
		const { world, request, environment, tokenReplyShape } = input;
		const context: RouteContext = { world, environment, request, params: {}, tokenReplyShape };
		if (route.authentication === 'none') {
			requireServedInSandbox(environment, route);
			// Page and token routes read their own inputs; they have no spec file.
			return route.handle(context);
		}
		const token = authenticate(world, request, environment, route);
		const operation = route.validate
			? this.catalog.get(operationKey(route.method, route.path))
			: undefined;
		const params = operation ? validateRequest(operation, request) : {};
		const advertiserId = params.advertiser_id;
		if (typeof advertiserId === 'string') {
			requireAuthorizedAdvertiser(world, token, environment, advertiserId);
		}
		return route.handle({ ...context, token, params });
	}
}

function toReply(outcome: RouteReply, requestId: string): Reply {
	switch (outcome.type) {
		case 'data':
			return envelope(ERROR_CODE.ok, 'OK', outcome.data, requestId);
		case 'json':
			return jsonReply(outcome.body, requestId);
		case 'html':
			return textReply(outcome.status, outcome.body, 'text/html; charset=utf-8');
		case 'redirect':
			return {
				status: 302,
				headers: { location: outcome.location, 'content-type': 'text/plain; charset=utf-8' },
				body: `Redirecting to ${outcome.location}`,
				recorded: { httpStatus: 302 },
			};
	}
}
