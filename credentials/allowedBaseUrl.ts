// The token and the app secret go only to HTTPS hosts (plain HTTP only to this machine, for a
// local emulator), never to a URL with a user name, path or query. In a credential's URL
// expressions anything else becomes a host that cannot resolve, so nothing is sent; the node
// refuses the same URLs with an explanation.

/** JavaScript source of the pattern an allowed base URL matches (trailing slashes allowed). */
const ALLOWED = String.raw`/^(https:\/\/[^\/@?#\s]+|http:\/\/(localhost|127(\.\d+)+|\[::1\])(:\d+)?)\/*$/i`;

/** An n8n expression body: the base URL without trailing slashes, if allowed. */
export function allowedBaseUrl(value: string): string {
	return `(${ALLOWED}.test(${value}) ? ${value}.replace(/\\/+$/, "") : "https://base-url-not-allowed.invalid")`;
}
