// What TikTok's return codes mean for the user, and what to do about them.
// Codes: https://business-api.tiktok.com/portal/docs?id=1737172488964097

/** Codes after which the same request can be sent again: TikTok did not act on it. */
export const RETRYABLE_CODES: ReadonlySet<number> = new Set([
	40016, 40100, 40133, 50000, 50002, 51003, 60001, 61000,
]);

/** The token may not use this endpoint or ad account (a scope or an authorization is missing). */
export const NO_PERMISSION_CODE = 40001;

const RATE_LIMIT_CODES: ReadonlySet<number> = new Set([40016, 40100, 40133, 61000]);

const AUTH_CODES: ReadonlySet<number> = new Set([40101, 40102, 40104, 40105, 40106, 40107, 40110]);

/** The app itself was refused: its ID or secret, or the authorization code it exchanged. */
const APP_CREDENTIAL_CODES: ReadonlySet<number> = new Set([40101, 40110]);

const SANDBOX_UNSUPPORTED_CODES: ReadonlySet<number> = new Set([40008, 40009, 40014]);

export interface ErrorContext {
	isSandbox: boolean;
	/** The operation concerns a custom audience (changes the advice for 40002). */
	aboutAudience?: boolean;
	/** TikTok's message: 40002 covers many causes, and only the message tells which. */
	message?: string;
}

/** Advice for a 40002 about an audience, from what TikTok's message says was wrong. */
function invalidAudienceParameterAdvice(message: string): string {
	if (/\bprocess(ed|ing)\b|being (calculated|updated)/i.test(message)) {
		return 'The audience is still being processed after its last change (TikTok takes 24-48 hours). Run the node again later.';
	}
	if (/minimum|at least 1,?000|1,?000 (ids|people|users|members)|too small/i.test(message)) {
		return 'A customer-file audience must keep at least 1,000 people; TikTok refuses a change that leaves fewer. The audience was not changed.';
	}
	return "TikTok's message above names the parameter it rejected.";
}

/** A token or app credential TikTok refused: no request with this credential can succeed. */
export function isCredentialCode(code: number): boolean {
	return AUTH_CODES.has(code);
}

export function isRateLimitCode(code: number): boolean {
	return RATE_LIMIT_CODES.has(code);
}

export function isSandboxUnsupportedCode(code: number): boolean {
	return SANDBOX_UNSUPPORTED_CODES.has(code);
}

/**
 * Whether TikTok refused what a request asked for (a parameter, an object, a permission on it)
 * rather than who asked (the token), how often, or where (an endpoint the sandbox lacks), and
 * rather than failing itself: a code that other items sent alone would get just the same.
 */
export function isContentRefusalCode(code: number): boolean {
	return !RETRYABLE_CODES.has(code) && !AUTH_CODES.has(code) && !isSandboxUnsupportedCode(code);
}

export function describeTikTokCode(code: number, context: ErrorContext): string {
	if (APP_CREDENTIAL_CODES.has(code)) {
		return 'TikTok rejected the app\'s credentials: the App ID or Secret is wrong, or the authorization code was already used or expired. Check "Client ID" (the App ID) and "Client Secret" in the credential, then click "Reconnect".';
	}
	if (AUTH_CODES.has(code)) {
		return context.isSandbox
			? 'TikTok rejected the access token. Generate a new sandbox access token in the TikTok API for Business portal and paste it into the credential.'
			: 'TikTok rejected the access token (expired, revoked or not issued for this app). Open the credential and click "Reconnect" to authorize the ad accounts again.';
	}
	if (isRateLimitCode(code)) {
		return 'TikTok is limiting how often this app or ad account may call this endpoint. The node already waited and retried; run it again later, or raise "Max Total Wait" under Options.';
	}
	if (isSandboxUnsupportedCode(code)) {
		return context.isSandbox
			? "TikTok's sandbox does not offer this operation. Use the production (OAuth2) credential for it."
			: 'TikTok does not offer this operation for this account.';
	}
	switch (code) {
		case 40001:
			return 'The credential lacks permission for this request: either the app does not have the scope it needs ("Ad Account Management > Ad Account Information" to read ad accounts, "Audience Management" for audiences), or the ad account did not authorize it. Add the scope to the app, then reconnect the credential.';
		case 40002:
			return context.aboutAudience
				? invalidAudienceParameterAdvice(context.message ?? '')
				: "TikTok's message above names the parameter it rejected.";
		case 40007:
			return 'The object does not exist, or this ad account cannot see it. Check the ID and that it belongs to the selected advertiser.';
		case 40011:
			return 'Too many IDs in one request. Send fewer at a time.';
		case 40013:
		case 40300:
		case 40301:
			return 'The advertiser does not exist or cannot be used with this credential. Check the advertiser ID.';
		case 40900:
			return 'The uploaded file did not match its MD5 signature. Run the node again; if it keeps failing, the file is being changed in transit (proxy).';
		case 40905:
		case 40910:
			return 'TikTok no longer has the uploaded file. Run the node again to upload it anew.';
		case 40906:
			return 'The customer file is empty.';
		case 40907:
			return 'The customer file is too large. Lower "Rows per File" so the node splits it into smaller files.';
		case 40908:
			return 'TikTok only accepts customer files named .csv or .txt.';
		case 40909:
			return 'The identifier type does not match the file contents. Check the identifier type you selected.';
		case 50000:
		case 50002:
		case 51003:
		case 60001:
			return 'TikTok had an internal error or is under maintenance. The node already retried; run it again later.';
		default:
			return "See TikTok's message above. The request ID helps TikTok support trace the call.";
	}
}
