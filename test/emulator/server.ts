/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test tooling runs in Node and never ships in the package */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { FaultAction } from './faults';
import { FaultController, faultMessage } from './faults';
import {
	envelope,
	faultStatusReply,
	parseRequest,
	queryRecord,
	recordedBody,
	textReply,
	writeReply,
} from './http';
import { Router } from './router';
import { advertiserRoutes } from './routes/advertiser';
import { audienceRoutes } from './routes/audience';
import { CONTROL_PREFIX, handleControlRequest } from './routes/control';
import { oauthRoutes } from './routes/oauth';
import type { EmulatorOptions, Environment, RecordedRequest, TokenReplyShape } from './types';
import { World } from './world';

// The listeners and the request pipeline around each request: control API, recording, faults
// and delays. Routing, access checks and validation are in router.ts; HTTP details in http.ts.

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

/** An emulator instance: two listeners (production, sandbox) over one World. */
export class TikTokEmulator implements Emulator {
	url = '';
	sandboxUrl = '';
	readonly world: World;
	readonly faults = new FaultController();
	private readonly recorded: RecordedRequest[] = [];
	private tokenReplyShape: TokenReplyShape;
	private readonly initialTokenReplyShape: TokenReplyShape;
	private readonly router = new Router([...oauthRoutes, ...advertiserRoutes, ...audienceRoutes]);
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
		const request = await parseRequest(incoming);
		const { rawUrl } = request;

		if (environment === 'production' && request.path.startsWith(CONTROL_PREFIX)) {
			const control = handleControlRequest(this, request);
			writeReply(
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

		const reply = this.router.dispatch({
			world: this.world,
			request,
			environment,
			requestId,
			tokenReplyShape: this.tokenReplyShape,
		});
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
		writeReply(response, reply);
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
				writeReply(response, reply);
				return;
			}
			case 'httpStatus': {
				const reply = faultStatusReply(fault);
				if (record) record.response = reply.recorded;
				writeReply(response, reply);
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
