import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	describeTikTokCode,
	isRateLimitCode,
	isContentRefusalCode,
	isCredentialCode,
	isSandboxUnsupportedCode,
} from './advice';

/** What one attempt ended with, without anything that could carry a secret. */
export type AttemptOutcome =
	| { kind: 'success'; data: unknown }
	| { kind: 'tiktokError'; code: number; message: string; requestId?: string }
	| { kind: 'httpError'; status: number }
	| { kind: 'networkError'; reason: string };

export type FailedAttempt = Exclude<AttemptOutcome, { kind: 'success' }>;

/** The socket-level code of an HTTP client error, without keeping the error (it holds the request). */
export function networkReason(error: unknown): string {
	// n8n wraps the HTTP client's error: the socket-level code is in httpCode or the messages.
	const { code, httpCode, messages, message } = (error ?? {}) as {
		code?: unknown;
		httpCode?: unknown;
		messages?: unknown;
		message?: unknown;
	};
	for (const candidate of [code, httpCode]) {
		if (typeof candidate === 'string' && /^E[A-Z_]{3,}$/.test(candidate)) return candidate;
	}
	const text = [...(Array.isArray(messages) ? messages : []), message].join(' ');
	const socketCode = /\bE[A-Z_]{3,}\b/.exec(text);
	if (socketCode) return socketCode[0];
	if (/socket hang up/i.test(text)) return 'ECONNRESET';
	if (/timeout/i.test(text)) return 'ETIMEDOUT';
	return 'unknown';
}

// In words: n8n replaces any error message that contains a socket code with its own text.
const NETWORK_FAILURES: Record<string, string> = {
	ECONNRESET: 'the connection was reset',
	ECONNABORTED: 'the request timed out',
	ETIMEDOUT: 'the request timed out',
	ECONNREFUSED: 'the connection was refused',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be resolved',
	EPIPE: 'the connection was closed',
};

function describeFailure(outcome: FailedAttempt): string {
	switch (outcome.kind) {
		case 'tiktokError':
			return `TikTok error ${outcome.code}: ${outcome.message}`;
		case 'httpError':
			return `HTTP ${outcome.status}`;
		case 'networkError':
			return NETWORK_FAILURES[outcome.reason] ?? 'the connection failed';
	}
}

function seconds(ms: number): string {
	return `${Math.round(ms / 100) / 10} s`;
}

export interface FailureContext {
	node: INode;
	endpoint: string;
	isSandbox: boolean;
	attempts: number;
	waitedMs: number;
}

/** The error a request ends with: TikTok's code, message and request ID, and what to do. */
export function failureError(outcome: FailedAttempt, context: FailureContext): NodeApiError {
	const { node, endpoint, isSandbox, attempts, waitedMs } = context;
	const retried =
		attempts > 1 ? ` Tried ${attempts} times over ${seconds(waitedMs)} of waiting.` : '';
	if (outcome.kind === 'tiktokError') {
		let message = `TikTok refused the request: ${outcome.message || 'no message'} (code ${outcome.code})`;
		if (isSandbox && isSandboxUnsupportedCode(outcome.code)) {
			message = `TikTok's sandbox does not support ${endpoint}: ${outcome.message || 'not supported'} (code ${outcome.code})`;
		} else if (isRateLimitCode(outcome.code)) {
			message = `TikTok kept rate limiting the request (code ${outcome.code}: ${outcome.message || 'too many requests'})`;
		}
		return new NodeApiError(
			node,
			{ code: outcome.code, message: outcome.message, request_id: outcome.requestId ?? null },
			{
				message: `${message}.${retried}`,
				description: `${describeTikTokCode(outcome.code, {
					isSandbox,
					aboutAudience: endpoint.startsWith('/dmp/'),
					message: outcome.message,
				})}${outcome.requestId ? ` Request ID: ${outcome.requestId}.` : ''}`,
			},
		);
	}
	if (outcome.kind === 'httpError' && outcome.status < 500) {
		return new NodeApiError(
			node,
			{ status: outcome.status },
			{
				message: `TikTok answered HTTP ${outcome.status} for ${endpoint}.`,
				description:
					outcome.status === 404
						? 'The endpoint was not found. Check the base URL in the credential (it must be the host only, e.g. https://business-api.tiktok.com).'
						: 'TikTok rejected the request at the HTTP level. Check the base URL in the credential and any proxy in between.',
				httpCode: String(outcome.status),
			},
		);
	}
	return new NodeApiError(
		node,
		{ reason: describeFailure(outcome) },
		{
			message: `Could not reach TikTok: ${describeFailure(outcome)}.${retried}`,
			description:
				'TikTok or the network between n8n and TikTok failed. Run the node again later, or raise "Max Attempts" and "Max Total Wait" under Options.',
			httpCode: outcome.kind === 'httpError' ? String(outcome.status) : undefined,
		},
	);
}

/**
 * Whether TikTok refused what a request asked for (a parameter, an object, a permission on it), so
 * that the items of a merged request sent one by one can tell which one is why. A rejected token,
 * rate limits that outlasted the retries, TikTok or the network failing, or an HTTP-level answer
 * would fail every request alike: they are no item's fault, and sending more costs requests only.
 * Errors raised by the node itself (not by TikTok) concern what the request held.
 */
export function isRefusalOfContent(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return true;
	const code = (error.errorResponse as { code?: unknown } | undefined)?.code;
	return typeof code === 'number' && isContentRefusalCode(code);
}

/**
 * Whether the credential itself was refused (a token TikTok no longer accepts, an app secret it
 * rejects, no usable token or Base URL): every later request would fail the same way.
 */
export function isCredentialFailure(error: unknown): boolean {
	if (!(error instanceof NodeApiError || error instanceof NodeOperationError)) return false;
	if (error.context.credentialFailure === true) return true;
	const code = (error as NodeApiError).errorResponse?.code;
	return typeof code === 'number' && isCredentialCode(code);
}
