/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test tooling runs in Node and never ships in the package */
import { Buffer } from 'node:buffer';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ApiError, ERROR_CODE } from './errors';
import type { FaultAction } from './faults';
import { FaultController, faultMessage } from './faults';
import { World, md5Hex } from './world';
import { parseMultipart } from './multipart';
import type { MultipartFile } from './multipart';
import { advertiserRoutes } from './routes/advertiser';
import { audienceRoutes } from './routes/audience';
import type { ParsedBody, ParsedRequest, RouteDefinition, RouteReply } from './routes/common';
import { API_PREFIX } from './routes/common';
import { CONTROL_PREFIX, handleControlRequest } from './routes/control';
import { oauthRoutes } from './routes/oauth';
import type { OperationSpec, SpecCatalog } from './spec';
import {
	loadSpecCatalog,
	operationKey,
	validateJsonBody,
	validateMultipart,
	validateQuery,
} from './spec';
import type {
	EmulatorOptions,
	Environment,
	RecordedRequest,
	RecordedResponse,
	TokenReplyShape,
} from './types';

/** Large enough for a few hundred thousand digests per customer file. */
const MAX_BODY_BYTES = 256 * 1024 * 1024;

export interface Emulator {
	/** Production base URL, e.g. http://127.0.0.1:18080 */
	url: string;
	/** Sandbox base URL (same world, sandbox tokens only). */
	sandboxUrl: string;
	world: World;
	faults: FaultController;
	/** Every API and page request received, in arrival order (control API calls excluded). */
	requests: RecordedRequest[];
	setTokenReplyShape(shape: TokenReplyShape): void;
	/** Back to the seeded world and start-up token reply shape; clears faults and requests. */
	reset(): void;
	close(): Promise<void>;
}

interface Reply {
	status: number;
	headers: Record<string, string>;
	body: string;
	recorded: RecordedResponse;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new Error('Request body too large'));
				request.destroy();
				return;
			}
			chunks.push(chunk);
		});
		request.on('end', () => resolve(Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

function flattenHeaders(request: IncomingMessage): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(request.headers)) {
		if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return headers;
}

function parseBody(buffer: Buffer, contentType: string, mediaType: string): ParsedBody {
	if (buffer.length === 0) return { kind: 'none' };
	if (mediaType === 'application/json') {
		const text = buffer.toString('utf8');
		try {
			return { kind: 'json', value: JSON.parse(text) as unknown };
		} catch {
			return { kind: 'invalid-json', text };
		}
	}
	if (mediaType === 'application/x-www-form-urlencoded') {
		return { kind: 'form', fields: new URLSearchParams(buffer.toString('utf8')) };
	}
	if (mediaType === 'multipart/form-data') {
		const multipart = parseMultipart(buffer, contentType);
		return multipart ? { kind: 'multipart', multipart } : { kind: 'unparsable-multipart' };
	}
	return { kind: 'other', contentType, size: buffer.length };
}

function describeFile(file: MultipartFile): { name: string; size: number; md5: string } {
	return { name: file.filename, size: file.bytes.length, md5: md5Hex(file.bytes) };
}

function recordedBody(body: ParsedBody): unknown {
	switch (body.kind) {
		case 'none':
			return undefined;
		case 'json':
			return body.value;
		case 'invalid-json':
			return body.text;
		case 'form':
			return Object.fromEntries(body.fields);
		case 'multipart': {
			const record: Record<string, unknown> = {};
			for (const [name, values] of body.multipart.fields) {
				record[name] = values.length === 1 ? values[0] : values;
			}
			for (const [name, files] of body.multipart.files) {
				record[name] = files.length === 1 ? describeFile(files[0]) : files.map(describeFile);
			}
			return record;
		}
		case 'unparsable-multipart':
			return '<unparsable multipart body>';
		case 'other':
			return `<${body.size} bytes of ${body.contentType || 'unknown content type'}>`;
	}
}

function queryRecord(query: URLSearchParams): Record<string, string | string[]> {
	const record: Record<string, string | string[]> = {};
	for (const name of new Set(query.keys())) {
		const values = query.getAll(name);
		record[name] = values.length === 1 ? values[0] : values;
	}
	return record;
}

function jsonReply(body: unknown, requestId: string, recorded?: Partial<RecordedResponse>): Reply {
	return {
		status: 200,
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'x-tt-logid': requestId,
		},
		body: JSON.stringify(body),
		recorded: { httpStatus: 200, ...recorded },
	};
}

function envelope(code: number, message: string, data: unknown, requestId: string): Reply {
	return jsonReply({ code, message, request_id: requestId, data }, requestId, { code, message });
}

function errorEnvelope(error: ApiError, requestId: string): Reply {
	return envelope(error.code, error.message, {}, requestId);
}

function textReply(status: number, body: string, contentType = 'text/plain; charset=utf-8'): Reply {
	return {
		status,
		headers: { 'content-type': contentType },
		body,
		recorded: { httpStatus: status },
	};
}

const GATEWAY_STATUS_TEXT: Readonly<Record<number, string>> = {
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Temporarily Unavailable',
	504: 'Gateway Time-out',
};

function faultStatusReply(action: Extract<FaultAction, { kind: 'httpStatus' }>): Reply {
	const text = GATEWAY_STATUS_TEXT[action.status] ?? 'Error';
	return textReply(
		action.status,
		action.body ??
			`<html><head><title>${action.status} ${text}</title></head><body><center><h1>${action.status} ${text}</h1></center></body></html>\n`,
		'text/html; charset=utf-8',
	);
}

/** An emulator instance: two listeners (production, sandbox) over one World. */
export class TikTokEmulator implements Emulator {
	url = '';
	sandboxUrl = '';
	readonly world: World;
	readonly faults = new FaultController();
	private readonly recorded: RecordedRequest[] = [];
	private tokenReplyShape: TokenReplyShape;
	private readonly initialTokenReplyShape: TokenReplyShape;
	private readonly catalog: SpecCatalog;
	private readonly routes = new Map<string, RouteDefinition>();
	private readonly routePaths = new Set<string>();
	private readonly servers: Server[] = [];
	private readonly pendingWaits = new Set<() => void>();
	private requestCounter = 0;

	constructor(options: EmulatorOptions = {}) {
		this.world = new World({
			seed: options.seed,
			minimumAudienceSize: options.minimumAudienceSize,
			matchingDelayMs: options.matchingDelayMs,
			fileSizeLimitBytes: options.fileSizeLimitBytes,
		});
		this.tokenReplyShape = options.tokenReplyShape ?? 'wrapped';
		this.initialTokenReplyShape = this.tokenReplyShape;
		this.catalog = loadSpecCatalog();
		for (const route of [...oauthRoutes, ...advertiserRoutes, ...audienceRoutes]) {
			const fullPath = route.api ? `${API_PREFIX}${route.path}` : route.path;
			if (route.validate && !this.catalog.has(operationKey(route.method, route.path))) {
				throw new Error(`No spec for ${route.method} ${route.path}`);
			}
			this.routes.set(operationKey(route.method, fullPath), route);
			this.routePaths.add(fullPath);
		}
	}

	get requests(): RecordedRequest[] {
		return this.recorded;
	}

	get currentTokenReplyShape(): TokenReplyShape {
		return this.tokenReplyShape;
	}

	setTokenReplyShape(shape: TokenReplyShape): void {
		if (shape !== 'flat' && shape !== 'wrapped') {
			throw new Error(`Token reply shape must be 'flat' or 'wrapped', got ${String(shape)}`);
		}
		this.tokenReplyShape = shape;
	}

	reset(): void {
		this.cancelPendingWaits();
		this.world.reset();
		this.tokenReplyShape = this.initialTokenReplyShape;
		this.faults.clear();
		this.recorded.length = 0;
	}

	async listen(port: number, sandboxPort: number): Promise<void> {
		this.url = await this.startListener(port, 'production');
		this.sandboxUrl = await this.startListener(sandboxPort, 'sandbox');
	}

	async close(): Promise<void> {
		this.cancelPendingWaits();
		await Promise.all(
			this.servers.map(
				(server) =>
					new Promise<void>((resolve) => {
						server.close(() => resolve());
						server.closeAllConnections();
					}),
			),
		);
		this.servers.length = 0;
	}

	private startListener(port: number, environment: Environment): Promise<string> {
		const server = createServer((request, response) => {
			this.handle(request, response, environment).catch((error: unknown) => {
				if (!response.headersSent) {
					response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
				}
				response.end(`Emulator failure: ${error instanceof Error ? error.message : String(error)}`);
			});
		});
		this.servers.push(server);
		return new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => {
				server.off('error', reject);
				const { port: boundPort } = server.address() as AddressInfo;
				resolve(`http://127.0.0.1:${boundPort}`);
			});
		});
	}

	/** TikTok-style request IDs: a UTC timestamp and a per-instance counter. */
	private nextRequestId(): string {
		const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
		return `${stamp}${String(++this.requestCounter).padStart(17, '0')}`;
	}

	private async handle(
		incoming: IncomingMessage,
		response: ServerResponse,
		environment: Environment,
	): Promise<void> {
		const buffer = await readBody(incoming);
		const rawUrl = incoming.url ?? '/';
		const url = new URL(rawUrl, 'http://127.0.0.1');
		const contentType = incoming.headers['content-type'] ?? '';
		const mediaType = contentType.split(';')[0].trim().toLowerCase();
		const request: ParsedRequest = {
			method: (incoming.method ?? 'GET').toUpperCase(),
			path: url.pathname,
			rawUrl,
			query: url.searchParams,
			headers: flattenHeaders(incoming),
			mediaType,
			body: parseBody(buffer, contentType, mediaType),
		};

		if (environment === 'production' && request.path.startsWith(CONTROL_PREFIX)) {
			const control = handleControlRequest(this, request);
			this.write(
				response,
				textReply(
					control.status,
					JSON.stringify(control.body, null, 2),
					'application/json; charset=utf-8',
				),
			);
			return;
		}

		const requestId = this.nextRequestId();
		const record: RecordedRequest = {
			receivedAt: performance.now(),
			environment,
			method: request.method,
			path: request.path,
			rawUrl,
			query: queryRecord(request.query),
			headers: request.headers,
			body: recordedBody(request.body),
		};
		this.recorded.push(record);

		const decision = this.faults.evaluate({
			method: request.method,
			path: request.path,
			environment,
		});
		if (decision.labels.length > 0) record.fault = decision.labels.join(',');
		const fault = decision.terminal;
		const phase =
			fault === undefined || fault.kind === 'code' ? 'before' : (fault.phase ?? 'before');

		// A client that gives up during this wait does not stop the request, as on a real server;
		// a reset or close of the emulator does, so a late request never lands in a fresh world.
		if (decision.delayBeforeMs > 0 && !(await this.wait(decision.delayBeforeMs))) {
			response.socket?.destroy();
			return;
		}

		if (fault !== undefined && phase === 'before') {
			this.applyTerminalFault(fault, response, record, requestId);
			return;
		}

		const reply = this.dispatch(request, environment, requestId);
		record.response = reply.recorded;
		if (decision.delayAfterMs > 0 && !(await this.wait(decision.delayAfterMs))) {
			response.socket?.destroy();
			return;
		}
		if (fault !== undefined) {
			// The request has taken effect; the recorded response is the reply the client loses.
			this.applyTerminalFault(fault, response, undefined, requestId);
			return;
		}
		this.write(response, reply);
	}

	/** Sends a fault instead of the reply; with `record`, notes what the client saw. */
	private applyTerminalFault(
		fault: Exclude<FaultAction, { kind: 'delay' }>,
		response: ServerResponse,
		record: RecordedRequest | undefined,
		requestId: string,
	): void {
		switch (fault.kind) {
			case 'code': {
				const reply = envelope(
					fault.code,
					fault.message ?? faultMessage(fault.code),
					{},
					requestId,
				);
				if (record) record.response = reply.recorded;
				this.write(response, reply);
				return;
			}
			case 'httpStatus': {
				const reply = faultStatusReply(fault);
				if (record) record.response = reply.recorded;
				this.write(response, reply);
				return;
			}
			case 'reset':
				response.socket?.resetAndDestroy();
				return;
			case 'drop':
				response.socket?.destroy();
				return;
		}
	}

	/**
	 * Waits on a timer that reset() and close() cut short. Resolves true when the wait ran its
	 * course, false when the emulator was reset or closed meanwhile.
	 */
	private wait(ms: number): Promise<boolean> {
		return new Promise((resolve) => {
			const cancel = (): void => {
				clearTimeout(timer);
				this.pendingWaits.delete(cancel);
				resolve(false);
			};
			const timer = setTimeout(() => {
				this.pendingWaits.delete(cancel);
				resolve(true);
			}, ms);
			this.pendingWaits.add(cancel);
		});
	}

	private cancelPendingWaits(): void {
		for (const cancel of [...this.pendingWaits]) cancel();
	}

	private write(response: ServerResponse, reply: Reply): void {
		response.writeHead(reply.status, {
			...reply.headers,
			'content-length': String(Buffer.byteLength(reply.body)),
		});
		response.end(reply.body);
	}

	/** Routes one request and turns the outcome into a reply. Synchronous, so effects are atomic. */
	private dispatch(request: ParsedRequest, environment: Environment, requestId: string): Reply {
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
			return this.toReply(this.run(route, request, environment), requestId);
		} catch (error) {
			if (error instanceof ApiError) return errorEnvelope(error, requestId);
			const message = error instanceof Error ? error.message : String(error);
			return envelope(ERROR_CODE.systemError, `Emulator internal error: ${message}`, {}, requestId);
		}
	}

	private toReply(outcome: RouteReply, requestId: string): Reply {
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

	private run(
		route: RouteDefinition,
		request: ParsedRequest,
		environment: Environment,
	): RouteReply {
		const operation = route.validate
			? this.catalog.get(operationKey(route.method, route.path))
			: undefined;
		const context = {
			world: this.world,
			environment,
			request,
			params: {} as Record<string, unknown>,
			tokenReplyShape: this.tokenReplyShape,
		};
		if (route.authentication === 'none') {
			if (environment === 'sandbox' && route.sandbox === 'unsupported') {
				throw new ApiError(
					ERROR_CODE.notSupportedInSandbox,
					faultMessage(ERROR_CODE.notSupportedInSandbox),
				);
			}
			// Page and token routes read their own inputs; they have no spec file.
			return route.handle(context);
		}

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
		const token = this.world.token(accessToken);
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
		if (environment === 'sandbox' && route.sandbox === 'unsupported') {
			throw new ApiError(
				ERROR_CODE.notSupportedInSandbox,
				faultMessage(ERROR_CODE.notSupportedInSandbox),
			);
		}
		if (route.scope !== undefined && !token.scopes.includes(route.scope)) {
			throw new ApiError(
				ERROR_CODE.noPermission,
				`No permission to operate: the access token lacks permission scope ${route.scope}. Ask the advertiser to grant it.`,
			);
		}
		const params = operation ? this.validate(operation, request) : {};
		const advertiserId = params.advertiser_id;
		if (typeof advertiserId === 'string') {
			const advertiser = this.world.advertiser(advertiserId);
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
		return route.handle({ ...context, token, params });
	}

	private validate(operation: OperationSpec, request: ParsedRequest): Record<string, unknown> {
		const result = (() => {
			if (operation.method === 'GET') return validateQuery(operation, request.query);
			const expected = operation.body?.contentType ?? 'application/json';
			const { body } = request;
			if (request.mediaType !== expected) {
				return {
					ok: false as const,
					message: `Content-Type: must be ${expected}, got ${request.mediaType || 'none'}`,
				};
			}
			if (expected === 'multipart/form-data') {
				return body.kind === 'multipart'
					? validateMultipart(operation, body.multipart.fields, body.multipart.files)
					: {
							ok: false as const,
							message: 'request body: is not a valid multipart/form-data body',
						};
			}
			if (body.kind === 'invalid-json') {
				return { ok: false as const, message: 'request body: is not valid JSON' };
			}
			return validateJsonBody(operation, body.kind === 'json' ? body.value : undefined);
		})();
		if (!result.ok) throw new ApiError(ERROR_CODE.invalidParameter, result.message);
		// A POST endpoint takes its parameters from the body only.
		const [queryName] = request.query.keys();
		if (operation.method === 'POST' && queryName !== undefined) {
			throw new ApiError(
				ERROR_CODE.invalidParameter,
				`${queryName}: unexpected query parameter; this endpoint takes a ${operation.body?.contentType ?? 'JSON'} body`,
			);
		}
		return result.values;
	}
}

/** Starts an emulator on 127.0.0.1 and resolves once both listeners accept connections. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const emulator = new TikTokEmulator(options);
	let listening = false;
	try {
		await emulator.listen(options.port ?? 0, options.sandboxPort ?? 0);
		listening = true;
	} finally {
		// A port clash on the second listener must not leave the first one open.
		if (!listening) await emulator.close();
	}
	return emulator;
}
