import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	readAppCredentials,
	resolveConnection,
	type Connection,
	type TikTokContext,
} from './connection';
import { failureError, type FailedAttempt } from './errors';
import { sendOnce, type TikTokRequest } from './request';
import { decideRetry, DEFAULT_RETRY_POLICY, nextRetryDelay, type RetryPolicy } from './retry';

const MAX_PAGE_SIZE = 100;

export interface PageOptions {
	/** Key of the array in `data` (TikTok mostly uses `list`). */
	propertyName?: string;
	/** Entries per page, at most 100. */
	pageSize?: number;
	/** The first page to read (1 by default). */
	firstPage?: number;
}

export interface Page<T> {
	entries: T[];
	page: number;
	totalPages: number;
}

/** A reply, or the TikTok code that answered the question instead (see `requestOrRefusal`). */
export type ReplyOrRefusal<T> = { refused: false; data: T } | { refused: true; code: number };

/** Holds the connection of one execution, so the credential is read once, not per request. */
class ConnectionHolder {
	private resolved?: Connection;

	constructor(private readonly context: TikTokContext) {}

	async get(): Promise<Connection> {
		// A failure is not kept: every item that needs the connection reports it for itself.
		this.resolved ??= await resolveConnection(this.context);
		return this.resolved;
	}
}

/**
 * The way to TikTok for one execution (or one picker search): it knows the credential and where it
 * points, signs, retries and pages. It knows nothing of items: errors say what TikTok answered,
 * and whoever runs an item adds which one.
 */
export class TikTokClient {
	private constructor(
		private readonly context: TikTokContext,
		private readonly holder: ConnectionHolder,
		readonly retryPolicy: RetryPolicy,
	) {}

	static for(context: TikTokContext): TikTokClient {
		return new TikTokClient(context, new ConnectionHolder(context), DEFAULT_RETRY_POLICY);
	}

	/** The same connection, retrying as `policy` says (an operation's Options). */
	withRetryPolicy(policy: RetryPolicy): TikTokClient {
		return new TikTokClient(this.context, this.holder, policy);
	}

	async connection(): Promise<Connection> {
		return await this.holder.get();
	}

	async appCredentials(): Promise<{ appId: string; secret: string }> {
		return await readAppCredentials(this.context);
	}

	/**
	 * Sends one request to TikTok and returns the envelope's `data`. Retries what TikTok did not act
	 * on (rate limits, server codes) and, for idempotent requests, lost replies (HTTP 5xx, resets);
	 * throws a NodeApiError carrying TikTok's code, message and request ID otherwise.
	 */
	async request<T = IDataObject>(request: TikTokRequest): Promise<T> {
		const reply = await this.send<T>(request, () => false);
		if (reply.refused) throw new Error(`Unexpected refusal ${reply.code}`);
		return reply.data;
	}

	/**
	 * Like `request`, but the TikTok codes that `accepted` names answer the question instead of
	 * failing it (e.g. an endpoint the sandbox does not serve, when a fallback exists).
	 */
	async requestOrRefusal<T = IDataObject>(
		request: TikTokRequest,
		accepted: (code: number) => boolean,
	): Promise<ReplyOrRefusal<T>> {
		return await this.send<T>(request, accepted);
	}

	private async send<T>(
		request: TikTokRequest,
		accepted: (code: number) => boolean,
	): Promise<ReplyOrRefusal<T>> {
		const connection = await this.connection();
		const idempotent = request.idempotent ?? request.method === 'GET';
		let attempts = 0;
		let waitedMs = 0;
		const fail = (outcome: FailedAttempt) =>
			failureError(outcome, {
				node: this.context.getNode(),
				endpoint: request.endpoint,
				isSandbox: connection.isSandbox,
				attempts,
				waitedMs,
			});
		for (;;) {
			attempts++;
			const outcome = await sendOnce(this.context, connection, request);
			if (outcome.kind === 'success') return { refused: false, data: outcome.data as T };
			if (outcome.kind === 'tiktokError' && accepted(outcome.code)) {
				return { refused: true, code: outcome.code };
			}
			const decision = decideRetry(outcome, idempotent);
			if (decision === 'fail') throw fail(outcome);
			if (decision === 'reconcile') {
				if (!request.reconcile) throw fail(outcome);
				const effect = await request.reconcile();
				if (effect) return { refused: false, data: effect as T };
			}
			const delay = nextRetryDelay(this.retryPolicy, attempts, waitedMs);
			if (delay === undefined) throw fail(outcome);
			await sleep(delay);
			waitedMs += delay;
		}
	}

	/** Reads a list endpoint page by page (`page`/`page_size`), up to `page_info.total_page`. */
	async *pages<T = IDataObject>(
		request: TikTokRequest,
		{ propertyName = 'list', pageSize = MAX_PAGE_SIZE, firstPage = 1 }: PageOptions = {},
	): AsyncGenerator<Page<T>> {
		const size = Math.min(MAX_PAGE_SIZE, Math.max(1, pageSize));
		for (let page = firstPage; ; page++) {
			const data = await this.request({ ...request, qs: { ...request.qs, page, page_size: size } });
			const entries = (data[propertyName] as T[] | undefined) ?? [];
			const pageInfo = (data.page_info as IDataObject | undefined) ?? {};
			const totalPages = Number(pageInfo.total_page ?? page);
			yield { entries, page, totalPages };
			if (entries.length === 0 || page >= totalPages) return;
		}
	}

	/**
	 * The entries of a list endpoint, or the first `limit` ones, one page's array at a time; stops
	 * paging once it has them. Nothing is kept between pages.
	 */
	async *entryPages<T = IDataObject>(
		request: TikTokRequest,
		{ limit, propertyName }: { limit?: number; propertyName?: string } = {},
	): AsyncGenerator<T[]> {
		let remaining = limit ?? Number.POSITIVE_INFINITY;
		const pageSize = limit ?? MAX_PAGE_SIZE;
		for await (const { entries } of this.pages<T>(request, { propertyName, pageSize })) {
			if (entries.length > remaining) entries.length = remaining;
			remaining -= entries.length;
			yield entries;
			if (remaining <= 0) return;
		}
	}

	/** Every entry of a list endpoint, or the first `limit` ones, in one array. */
	async requestAll<T = IDataObject>(
		request: TikTokRequest,
		options: { limit?: number; propertyName?: string } = {},
	): Promise<T[]> {
		const results: T[] = [];
		for await (const entries of this.entryPages<T>(request, options)) {
			for (const entry of entries) results.push(entry);
		}
		return results;
	}
}
