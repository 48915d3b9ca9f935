/** Which listener a request arrived on. Production and sandbox share one world. */
export type Environment = 'production' | 'sandbox';

export type TokenReplyShape = 'flat' | 'wrapped';

export interface EmulatorOptions {
	/** Production listener port; 0 (the default) picks a free port. */
	port?: number;
	/** Sandbox listener port; 0 (the default) picks a free port. */
	sandboxPort?: number;
	/** Shape of a successful `/oauth/token/` reply; default 'wrapped'. */
	tokenReplyShape?: TokenReplyShape;
	/** An update fails when the audience would end up smaller than this; default 1000. */
	minimumAudienceSize?: number;
	/**
	 * How long (ms, emulator clock) an audience stays processing after a create or a member
	 * change; default 0, matching finishes at once.
	 */
	matchingDelayMs?: number;
	/** An uploaded customer file of this many bytes or more is refused with 40907; default 10^9. */
	fileSizeLimitBytes?: number;
	/** 'default' seeds DEFAULT_WORLD; 'empty' keeps only the developer app. */
	seed?: 'default' | 'empty';
}

export interface RecordedResponse {
	httpStatus: number;
	code?: number;
	message?: string;
}

export interface RecordedFile {
	name: string;
	size: number;
	md5: string;
}

export interface RecordedRequest {
	/** When the request arrived, in ms on the process's monotonic clock (performance.now()). */
	receivedAt: number;
	environment: Environment;
	method: string;
	path: string;
	rawUrl: string;
	query: Record<string, string | string[]>;
	/** Header names in lower case. */
	headers: Record<string, string>;
	/** Parsed JSON, form fields, or for multipart the fields plus `file: { name, size, md5 }`. */
	body?: unknown;
	/** For 'after' faults this is the reply that was computed and then lost. */
	response?: RecordedResponse;
	/** Set when a fault rule fired, e.g. 'code:40100', 'httpStatus:503:after', 'reset:before'. */
	fault?: string;
}

/** TikTok's reply envelope. */
export interface Envelope {
	code: number;
	message: string;
	request_id: string;
	data: unknown;
}
