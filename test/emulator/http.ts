/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling runs in Node and never ships in the package */
import { Buffer } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { ApiError } from './errors';
import type { FaultAction } from './faults';
import type { MultipartFile } from './multipart';
import { parseMultipart } from './multipart';
import type { ParsedBody, ParsedRequest } from './routes/common';
import type { RecordedResponse } from './types';
import { md5Hex } from './world';

// HTTP plumbing: reading and parsing requests, recording them, and building and writing replies.

/** Large enough for a few hundred thousand digests per customer file. */
const MAX_BODY_BYTES = 256 * 1024 * 1024;

export interface Reply {
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

/** Reads a request's body and parses its URL, headers and body. */
export async function parseRequest(incoming: IncomingMessage): Promise<ParsedRequest> {
	const buffer = await readBody(incoming);
	const rawUrl = incoming.url ?? '/';
	const url = new URL(rawUrl, 'http://127.0.0.1');
	const contentType = incoming.headers['content-type'] ?? '';
	const mediaType = contentType.split(';')[0].trim().toLowerCase();
	return {
		method: (incoming.method ?? 'GET').toUpperCase(),
		path: url.pathname,
		rawUrl,
		query: url.searchParams,
		headers: flattenHeaders(incoming),
		mediaType,
		body: parseBody(buffer, contentType, mediaType),
	};
}

function describeFile(file: MultipartFile): { name: string; size: number; md5: string } {
	return { name: file.filename, size: file.bytes.length, md5: md5Hex(file.bytes) };
}

export function recordedBody(body: ParsedBody): unknown {
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

export function queryRecord(query: URLSearchParams): Record<string, string | string[]> {
	const record: Record<string, string | string[]> = {};
	for (const name of new Set(query.keys())) {
		const values = query.getAll(name);
		record[name] = values.length === 1 ? values[0] : values;
	}
	return record;
}

export function jsonReply(
	body: unknown,
	requestId: string,
	recorded?: Partial<RecordedResponse>,
): Reply {
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

export function envelope(code: number, message: string, data: unknown, requestId: string): Reply {
	return jsonReply({ code, message, request_id: requestId, data }, requestId, { code, message });
}

export function errorEnvelope(error: ApiError, requestId: string): Reply {
	return envelope(error.code, error.message, {}, requestId);
}

export function textReply(
	status: number,
	body: string,
	contentType = 'text/plain; charset=utf-8',
): Reply {
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

export function faultStatusReply(action: Extract<FaultAction, { kind: 'httpStatus' }>): Reply {
	const text = GATEWAY_STATUS_TEXT[action.status] ?? 'Error';
	return textReply(
		action.status,
		action.body ??
			`<html><head><title>${action.status} ${text}</title></head><body><center><h1>${action.status} ${text}</h1></center></body></html>\n`,
		'text/html; charset=utf-8',
	);
}

export function writeReply(response: ServerResponse, reply: Reply): void {
	response.writeHead(reply.status, {
		...reply.headers,
		'content-length': String(Buffer.byteLength(reply.body)),
	});
	response.end(reply.body);
}
