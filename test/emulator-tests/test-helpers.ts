import { DEFAULT_WORLD } from '../emulator/seed';
import type { Emulator } from '../emulator/server';
import { md5Hex, sha256Hex } from '../emulator/world';

/** Helpers for the emulator's own tests: plain fetch calls in TikTok's wire format. */

export const API = '/open_api/v1.3';
export const US = DEFAULT_WORLD.advertisers.acmeShoesUs.id;
export const EU = DEFAULT_WORLD.advertisers.acmeShoesEu.id;
export const OUTLET = DEFAULT_WORLD.advertisers.acmeOutlet.id;
export const OTHER = DEFAULT_WORLD.advertisers.otherAgencyClient.id;
export const SANDBOX = DEFAULT_WORLD.advertisers.sandbox.id;
export const TOKENS = DEFAULT_WORLD.tokens;
export const AUDIENCES = DEFAULT_WORLD.audiences;
export const AD_GROUPS = DEFAULT_WORLD.adGroups;

export type JsonObject = Record<string, unknown>;

export interface ApiResult<T = JsonObject> {
	status: number;
	code: number;
	message: string;
	requestId: string;
	data: T;
	/** The whole parsed body. */
	body: JsonObject;
}

export interface CallOptions {
	/** Token for the Access-Token header; null sends none. Default: the production token. */
	token?: string | null;
	sandbox?: boolean;
	headers?: Record<string, string>;
}

function baseUrl(emulator: Emulator, options: CallOptions): string {
	return options.sandbox ? emulator.sandboxUrl : emulator.url;
}

function headersFor(
	options: CallOptions,
	extra: Record<string, string> = {},
): Record<string, string> {
	const token = options.token === undefined ? TOKENS.production : options.token;
	return { ...(token === null ? {} : { 'Access-Token': token }), ...extra, ...options.headers };
}

async function toResult<T>(response: Response): Promise<ApiResult<T>> {
	const text = await response.text();
	let body: JsonObject;
	try {
		body = JSON.parse(text) as JsonObject;
	} catch {
		body = { text };
	}
	return {
		status: response.status,
		code: body.code as number,
		message: body.message as string,
		requestId: body.request_id as string,
		data: body.data as T,
		body,
	};
}

/** Encodes query values as TikTok expects: arrays and objects JSON-encoded. */
export function encodeQuery(query: Record<string, unknown>): string {
	const params = new URLSearchParams();
	for (const [name, value] of Object.entries(query)) {
		if (value === undefined) continue;
		params.set(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
	}
	return params.toString();
}

export async function getApi<T = JsonObject>(
	emulator: Emulator,
	path: string,
	query: Record<string, unknown> = {},
	options: CallOptions = {},
): Promise<ApiResult<T>> {
	const search = encodeQuery(query);
	return await getRaw<T>(emulator, `${path}${search ? `?${search}` : ''}`, options);
}

/** GET with a hand-written query string (for the comma-separated and repeated forms). */
export async function getRaw<T = JsonObject>(
	emulator: Emulator,
	pathAndQuery: string,
	options: CallOptions = {},
): Promise<ApiResult<T>> {
	const response = await fetch(`${baseUrl(emulator, options)}${API}${pathAndQuery}`, {
		headers: headersFor(options),
	});
	return await toResult<T>(response);
}

export async function postApi<T = JsonObject>(
	emulator: Emulator,
	path: string,
	body: unknown,
	options: CallOptions = {},
): Promise<ApiResult<T>> {
	const response = await fetch(`${baseUrl(emulator, options)}${API}${path}`, {
		method: 'POST',
		headers: headersFor(options, { 'Content-Type': 'application/json' }),
		body: JSON.stringify(body),
	});
	return await toResult<T>(response);
}

export interface UploadInput {
	advertiserId?: string;
	content: string | Uint8Array;
	fileName?: string;
	calculateType?: string;
	/** Default: the MD5 of the content. */
	signature?: string;
	/** Extra or replacement form fields (e.g. a misspelt one). */
	fields?: Record<string, string>;
	/** Leave out these standard fields ('file' included); `fields` are still sent. */
	omit?: string[];
}

export async function uploadFile(
	emulator: Emulator,
	input: UploadInput,
	options: CallOptions = {},
): Promise<ApiResult<{ file_path: string }>> {
	const bytes =
		typeof input.content === 'string' ? new TextEncoder().encode(input.content) : input.content;
	const standard: Record<string, string> = {
		advertiser_id: input.advertiserId ?? US,
		file_signature: input.signature ?? md5Hex(bytes),
		calculate_type: input.calculateType ?? 'EMAIL_SHA256',
	};
	for (const name of input.omit ?? []) delete standard[name];
	const form = new FormData();
	for (const [name, value] of Object.entries({ ...standard, ...input.fields })) {
		form.append(name, value);
	}
	if (!input.omit?.includes('file')) {
		form.append('file', new Blob([bytes]), input.fileName ?? 'audience.csv');
	}
	const response = await fetch(
		`${baseUrl(emulator, options)}${API}/dmp/custom_audience/file/upload/`,
		{
			method: 'POST',
			headers: headersFor(options),
			body: form,
		},
	);
	return await toResult(response);
}

/** SHA-256 digests of `${prefix}${index}@example.com` for index in [first, first + count). */
export function emailDigests(count: number, prefix = 'person', first = 0): string[] {
	return Array.from({ length: count }, (_, offset) =>
		sha256Hex(`${prefix}${first + offset}@example.com`),
	);
}

/** Uploads digests as a single-column file and returns its file_path. */
export async function uploadDigests(
	emulator: Emulator,
	digests: readonly string[],
	input: Omit<UploadInput, 'content'> = {},
	options: CallOptions = {},
): Promise<string> {
	const reply = await uploadFile(
		emulator,
		{ ...input, content: `${digests.join('\n')}\n` },
		options,
	);
	if (reply.code !== 0) throw new Error(`upload failed: ${reply.code} ${reply.message}`);
	return reply.data.file_path;
}

/** Creates a customer-file audience from digests; returns its ID. */
export async function createAudienceFrom(
	emulator: Emulator,
	digests: readonly string[],
	name = 'Test audience',
	advertiserId: string = US,
): Promise<string> {
	const filePath = await uploadDigests(emulator, digests, { advertiserId });
	const reply = await postApi<{ custom_audience_id: string }>(
		emulator,
		'/dmp/custom_audience/create/',
		{
			advertiser_id: advertiserId,
			custom_audience_name: name,
			file_paths: [filePath],
			calculate_type: 'EMAIL_SHA256',
		},
	);
	if (reply.code !== 0) throw new Error(`create failed: ${reply.code} ${reply.message}`);
	return reply.data.custom_audience_id;
}

/** Calls the control API (`/__emulator/<name>`) on the production listener. */
export async function control<T = unknown>(
	emulator: Emulator,
	method: string,
	name: string,
	body?: unknown,
): Promise<{ status: number; json: T }> {
	const response = await fetch(`${emulator.url}/__emulator/${name}`, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, json: (await response.json()) as T };
}

/** The `cause.code` of a failed fetch (e.g. ECONNRESET, UND_ERR_SOCKET), or 'resolved'. */
export async function fetchFailure(request: Promise<unknown>): Promise<string> {
	try {
		await request;
		return 'resolved';
	} catch (error) {
		const cause = (error as { cause?: { code?: string; name?: string } }).cause;
		return cause?.code ?? cause?.name ?? (error as Error).name;
	}
}

export function pause(ms: number): Promise<void> {
	// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- test tooling runs in Node and never ships in the package
	return new Promise((resolve) => setTimeout(resolve, ms));
}
