// The one rule for a Base URL, shared by the credentials' n8n expressions (which build the OAuth2
// URLs and the credential test) and the node (which sends the token): both run this same RegExp,
// so they can never disagree about an input. The token and the app secret go only to an HTTPS
// host name, or over plain HTTP to this machine (a local emulator). Everything a URL parser could
// read differently from how it looks (user names, "\", "%", IP numbers, punycode) is refused.

// A DNS label: ASCII letters, digits and hyphens, no hyphen at either end, at most 63 long.
// "xn--" labels are punycode that URL parsers decode and may reject, so they are refused.
const LABEL = '(?!xn--)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
// The last label starts with a letter: URL parsers read "0x7f.1" or "2130706433" as IPv4.
const LAST_LABEL = '(?!xn--)[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?';
// 1 to 65535, no leading zeros.
const PORT =
	'(?::(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?';

/**
 * An allowed base URL; capture group 1 is the URL without surrounding whitespace and trailing
 * slashes. No `g` or `y` flag, so `exec` keeps no state between calls.
 */
export const ALLOWED_BASE_URL = new RegExp(
	`^\\s*(https://(?:${LABEL}\\.)*${LAST_LABEL}${PORT}` +
		`|http://(?:localhost|127\\.0\\.0\\.1|\\[::1\\])${PORT})/*\\s*$`,
	'i',
);

/** Where a credential's URLs point when its Base URL is refused: a host that never resolves. */
export const NOT_ALLOWED_URL = 'https://base-url-not-allowed.invalid';

/** The base URL without surrounding whitespace and trailing slashes, if allowed. */
export function matchAllowedBaseUrl(raw: string): string | undefined {
	return ALLOWED_BASE_URL.exec(raw)?.[1];
}

/**
 * An n8n expression body: the same match as `matchAllowedBaseUrl`, or `NOT_ALLOWED_URL`.
 * `value` is an expression such as `$self["baseUrl"]`; `exec` converts it to a string as the
 * node's `String(…)` does.
 */
export function allowedBaseUrl(value: string): string {
	return `(${String(ALLOWED_BASE_URL)}.exec(${value}) || ["", "${NOT_ALLOWED_URL}"])[1]`;
}
