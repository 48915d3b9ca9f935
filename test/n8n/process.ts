/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- local tooling runs in Node and never ships in the package */
// Runs the cached n8n (install.ts) as a child process: the CLI commands one at a time,
// or `n8n start` as a server, each in its own process group so that n8n's task runners stop with
// it. Also a small client for n8n's internal REST API (owner setup, login cookie).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { delimiter, dirname } from 'node:path';

import type { N8nInstallation } from './install';

export interface N8nEnvironmentOptions {
	userFolder: string;
	encryptionKey: string;
	/** Port of the editor and REST API (`n8n start`). */
	port?: number;
	/** Port of the task runner broker that every `n8n start` / `n8n execute` opens. */
	brokerPort?: number;
	/** More variables, e.g. N8N_LOG_LEVEL. */
	extra?: Record<string, string>;
}

/** Variables of the calling shell that would point n8n at another database, folder or mode. */
const INHERITED_PREFIXES = [
	'N8N_',
	'DB_',
	'EXECUTIONS_',
	'QUEUE_',
	'WEBHOOK_URL',
	'NODE_TEST_CONTEXT',
];

function withLoopbackNoProxy(current: string | undefined): string {
	const entries = (current ?? '').split(',').filter((entry) => entry.trim() !== '');
	for (const host of ['127.0.0.1', 'localhost']) if (!entries.includes(host)) entries.push(host);
	return entries.join(',');
}

/** A random key, so that nothing encrypted by one run can be read by another. */
export function newEncryptionKey(): string {
	return randomBytes(24).toString('hex');
}

/** The environment for an isolated n8n on 127.0.0.1 that never phones home. */
export function n8nEnvironment(options: N8nEnvironmentOptions): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (INHERITED_PREFIXES.some((prefix) => name.startsWith(prefix))) continue;
		env[name] = value;
	}
	if (env.NODE_OPTIONS?.includes('tsx')) delete env.NODE_OPTIONS;
	const noProxy = withLoopbackNoProxy(env.NO_PROXY ?? env.no_proxy);
	Object.assign(env, {
		NO_PROXY: noProxy,
		no_proxy: noProxy,
		N8N_USER_FOLDER: options.userFolder,
		N8N_ENCRYPTION_KEY: options.encryptionKey,
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		N8N_LOG_OUTPUT: 'console',
		N8N_LOG_LEVEL: 'info',
		...(options.port !== undefined ? { N8N_PORT: String(options.port) } : {}),
		...(options.brokerPort !== undefined
			? { N8N_RUNNERS_BROKER_PORT: String(options.brokerPort) }
			: {}),
		...options.extra,
	});
	return env;
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** Whether nothing listens on 127.0.0.1:port. */
export async function isPortFree(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const server = createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

// Every process group started here, so that none outlives this process.
const liveGroups = new Map<number, ChildProcess>();
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): boolean {
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		return false;
	}
}

/**
 * Keeps a child that leads its own process group (spawned with `detached: true`) on the list of
 * groups that stopAllProcessGroups stops and that are killed when this process exits.
 */
export function trackProcessGroup(child: ChildProcess): void {
	if (child.pid === undefined) return;
	const pid = child.pid;
	liveGroups.set(pid, child);
	child.once('exit', () => {
		// n8n's task runner may still be closing; make sure the whole group goes.
		killGroup(pid, 'SIGKILL');
		liveGroups.delete(pid);
	});
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.once('exit', () => {
			for (const group of liveGroups.keys()) killGroup(group, 'SIGKILL');
		});
	}
}

/**
 * On SIGINT / SIGTERM, kills every process group started here and exits. For test processes,
 * which have no shutdown of their own (the demo stops its children gracefully instead).
 */
export function killChildrenOnSignals(): void {
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			for (const group of liveGroups.keys()) killGroup(group, 'SIGKILL');
			process.exit(signal === 'SIGINT' ? 130 : 143);
		});
	}
}

export function spawnN8n(
	n8n: N8nInstallation,
	args: string[],
	env: NodeJS.ProcessEnv,
): ChildProcess {
	// n8n's task runners and anything else it starts by name find the same Node first on PATH.
	const path = `${dirname(n8n.node)}${delimiter}${env.PATH ?? ''}`;
	const child = spawn(n8n.node, [n8n.bin, ...args], {
		cwd: n8n.home,
		env: { ...env, PATH: path },
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	trackProcessGroup(child);
	return child;
}

async function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
	if (child.exitCode !== null || child.signalCode !== null) return true;
	return await new Promise((resolve) => {
		const timer = setTimeout(() => resolve(false), ms);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve(true);
		});
	});
}

/** Stops a child and its process group: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopProcessGroup(child: ChildProcess, graceMs = 20_000): Promise<void> {
	if (child.pid === undefined) return;
	if (child.exitCode === null && child.signalCode === null) {
		killGroup(child.pid, 'SIGTERM');
		if (!(await waitForExit(child, graceMs))) {
			killGroup(child.pid, 'SIGKILL');
			await waitForExit(child, 5_000);
		}
	}
	killGroup(child.pid, 'SIGKILL');
}

/** Stops every tracked process group at once: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopAllProcessGroups(graceMs: number): Promise<void> {
	await Promise.all(
		[...liveGroups.values()].map(async (child) => await stopProcessGroup(child, graceMs)),
	);
}

/** Waits until nothing listens on the ports; returns those still in use after `timeoutMs`. */
export async function waitForFreePorts(ports: number[], timeoutMs: number): Promise<number[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const busy: number[] = [];
		for (const port of ports) if (!(await isPortFree(port))) busy.push(port);
		if (busy.length === 0 || Date.now() > deadline) return busy;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

export interface CliResult {
	command: string;
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	ms: number;
	timedOut: boolean;
}

function tail(text: string, lines = 40): string {
	return text.trim().split('\n').slice(-lines).join('\n');
}

/** A readable account of a CLI run, for assertion messages. */
export function describeRun(result: CliResult): string {
	const status = result.timedOut
		? `timed out after ${result.ms} ms`
		: `exit code ${result.code}${result.signal ? ` (${result.signal})` : ''}`;
	return [
		`n8n ${result.command}: ${status}`,
		`--- stderr (last lines) ---\n${tail(result.stderr) || '(empty)'}`,
		`--- stdout (last lines) ---\n${tail(result.stdout) || '(empty)'}`,
	].join('\n');
}

/** Runs one n8n CLI command to its end (asynchronously: an in-process emulator keeps serving). */
export async function runN8nCli(
	n8n: N8nInstallation,
	args: string[],
	env: NodeJS.ProcessEnv,
	timeoutMs = 120_000,
): Promise<CliResult> {
	const started = Date.now();
	const child = spawnN8n(n8n, args, env);
	const stdout: Buffer[] = [];
	const stderr: Buffer[] = [];
	child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
	child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		void stopProcessGroup(child, 2_000);
	}, timeoutMs);
	const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
		(resolve, reject) => {
			child.once('error', reject);
			child.once('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
		},
	).finally(() => clearTimeout(timer));
	return {
		command: args.join(' '),
		code,
		signal,
		stdout: Buffer.concat(stdout).toString('utf8'),
		stderr: Buffer.concat(stderr).toString('utf8'),
		ms: Date.now() - started,
		timedOut,
	};
}

/** Like runN8nCli, but throws with n8n's output unless the command exits with 0. */
export async function runN8nCliOrThrow(
	n8n: N8nInstallation,
	args: string[],
	env: NodeJS.ProcessEnv,
	timeoutMs?: number,
): Promise<CliResult> {
	const result = await runN8nCli(n8n, args, env, timeoutMs);
	if (result.code !== 0 || result.timedOut) throw new Error(describeRun(result));
	return result;
}

export interface N8nServer {
	url: string;
	port: number;
	child: ChildProcess;
	/** Everything n8n printed so far (stdout and stderr, interleaved). */
	output(): string;
	stop(): Promise<void>;
}

export interface StartServerOptions {
	/** Called with each line n8n prints. */
	onLine?: (line: string) => void;
	readyTimeoutMs?: number;
}

/**
 * Starts `n8n start` with the given environment (which must set N8N_PORT) and waits until the
 * editor and REST API answer: n8n serves /healthz early, /rest only after "Editor is now accessible".
 */
export async function startN8nServer(
	n8n: N8nInstallation,
	env: NodeJS.ProcessEnv,
	options: StartServerOptions = {},
): Promise<N8nServer> {
	const port = Number(env.N8N_PORT);
	if (!Number.isInteger(port) || port <= 0) throw new Error('startN8nServer needs N8N_PORT');
	const url = `http://127.0.0.1:${port}`;
	const child = spawnN8n(n8n, ['start'], env);
	const chunks: string[] = [];
	let ready = false;
	let pending = '';
	const onData = (chunk: Buffer) => {
		const text = chunk.toString('utf8');
		chunks.push(text);
		pending += text;
		const lines = pending.split('\n');
		pending = lines.pop() ?? '';
		for (const line of lines) options.onLine?.(line);
		if (!ready && chunks.join('').includes('Editor is now accessible')) ready = true;
	};
	child.stdout?.on('data', onData);
	child.stderr?.on('data', onData);
	const server: N8nServer = {
		url,
		port,
		child,
		output: () => chunks.join(''),
		stop: async () => await stopProcessGroup(child),
	};

	const timeoutMs = options.readyTimeoutMs ?? 120_000;
	const started = Date.now();
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(
				`n8n start exited (code ${child.exitCode}, signal ${child.signalCode}) before it was ready:\n${tail(server.output())}`,
			);
		}
		if (ready) {
			try {
				const reply = await fetch(`${url}/rest/settings`);
				if (reply.ok) return server;
			} catch {
				// not listening yet
			}
		}
		if (Date.now() - started > timeoutMs) {
			await server.stop();
			throw new Error(
				`n8n start was not ready within ${timeoutMs / 1000} s on ${url}:\n${tail(server.output())}`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

export interface Owner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

export class N8nRestError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
		message: string,
	) {
		super(message);
	}
}

/** n8n's internal REST API (the one the editor uses), with the login cookie. */
export class N8nRest {
	private cookies = new Map<string, string>();

	constructor(readonly baseUrl: string) {}

	get cookieHeader(): string {
		return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
	}

	/** A raw request with the cookie; redirects are not followed. */
	async fetch(path: string, init: RequestInit = {}): Promise<Response> {
		const headers = new Headers(init.headers);
		if (this.cookies.size > 0) headers.set('cookie', this.cookieHeader);
		const response = await fetch(new URL(path, this.baseUrl), {
			...init,
			headers,
			redirect: 'manual',
		});
		for (const cookie of response.headers.getSetCookie()) {
			const [pair] = cookie.split(';');
			const separator = pair.indexOf('=');
			if (separator > 0)
				this.cookies.set(pair.slice(0, separator).trim(), pair.slice(separator + 1));
		}
		return response;
	}

	/** A JSON request; returns the reply's `data` and throws on an HTTP error. */
	async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await this.fetch(path, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = text === '' ? undefined : JSON.parse(text);
		} catch {
			// not JSON: keep the text
		}
		if (!response.ok) {
			throw new N8nRestError(
				response.status,
				parsed,
				`${method} ${path} answered HTTP ${response.status}: ${text.slice(0, 500)}`,
			);
		}
		return (
			parsed && typeof parsed === 'object' && 'data' in parsed
				? (parsed as { data: unknown }).data
				: parsed
		) as T;
	}

	/** Creates the instance owner (first start only); n8n logs the owner in with a cookie. */
	async setupOwner(owner: Owner): Promise<void> {
		await this.request('POST', '/rest/owner/setup', owner);
	}

	async login(email: string, password: string): Promise<void> {
		await this.request('POST', '/rest/login', { emailOrLdapLoginId: email, password });
	}
}
