import type { IDataObject, INode } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { RETRYABLE_CODES } from './advice';
import {
	isExecuteContext,
	readAppCredentials,
	resolveConnection,
	type Connection,
	type TikTokContext,
} from './connection';
import { failureError, type FailedAttempt } from './errors';
import { sendOnce, type TikTokRequest } from './request';
import { nextRetryDelay, retryPolicyFromOptions, type RetryPolicy } from './retry';

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
 * The way to TikTok for one execution (or one picker search): it knows the credential, signs,
 * retries and pages. `forItem` gives the same connection with an item's options and error index.
 */
export class TikTokClient {
	private constructor(
		private readonly context: TikTokContext,
		private readonly holder: ConnectionHolder,
		readonly itemIndex: number | undefined,
	) {}

	static for(context: TikTokContext): TikTokClient {
		return new TikTokClient(context, new ConnectionHolder(context), undefined);
	}

	forItem(itemIndex: number): TikTokClient {
		return new TikTokClient(this.context, this.holder, itemIndex);
	}

	/** The node, for errors raised about this client's item. */
	get node(): INode {
		return this.context.getNode();
	}

	async connection(): Promise<Connection> {
		return await this.holder.get();
	}

	async appCredentials(): Promise<{ appId: string; secret: string }> {
		return await readAppCredentials(this.context);
	}

	private retryPolicy(): RetryPolicy {
		if (!isExecuteContext(this.context)) return retryPolicyFromOptions(undefined);
		const options = this.context.getNodeParameter('options', this.itemIndex ?? 0, {});
		return retryPolicyFromOptions(options as IDataObject);
	}

	/**
	 * Sends one request to TikTok and returns the envelope's `data`. Retries what TikTok did not act
	 * on (rate limits, server codes) and, for idempotent requests, lost replies (HTTP 5xx, resets);
	 * throws a NodeApiError carrying TikTok's code, message and request ID otherwise.
	 */
	async request<T = IDataObject>(request: TikTokRequest): Promise<T> {
		const connection = await this.connection();
		const policy = this.retryPolicy();
		const idempotent = request.idempotent ?? request.method === 'GET';

		let attempts = 0;
		let waitedMs = 0;
		const fail = (outcome: FailedAttempt) =>
			failureError(outcome, {
				node: this.context.getNode(),
				endpoint: request.endpoint,
				isSandbox: connection.isSandbox,
				itemIndex: this.itemIndex,
				attempts,
				waitedMs,
			});
		for (;;) {
			attempts++;
			const outcome = await sendOnce(this.context, connection, request);
			if (outcome.kind === 'success') return outcome.data as T;
			if (outcome.kind === 'tiktokError' && request.acceptRefusal?.(outcome.code)) {
				return { refusedWith: outcome.code } as T;
			}

			const rejectedWithoutEffect =
				outcome.kind === 'tiktokError' && RETRYABLE_CODES.has(outcome.code);
			const replyLost =
				outcome.kind === 'networkError' || (outcome.kind === 'httpError' && outcome.status >= 500);
			if (!rejectedWithoutEffect && !replyLost) throw fail(outcome);
			if (replyLost && !idempotent) {
				if (!request.reconcile) throw fail(outcome);
				const effect = await request.reconcile();
				if (effect) return effect as T;
			}
			const delay = nextRetryDelay(policy, attempts, waitedMs);
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
