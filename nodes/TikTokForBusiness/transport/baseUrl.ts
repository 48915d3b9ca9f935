// Where a credential may send its token and the app secret. The credentials' own URLs use the
// same rule (credentials/allowedBaseUrl.ts), so the node refuses exactly what they refuse; here
// a refusal also gets a reason the user can act on.
import { matchAllowedBaseUrl } from '../../../credentials/allowedBaseUrl';

const EXAMPLE = 'https://business-api.tiktok.com';
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
const NOT_OF_THE_FORM = 'it is not of the form https://host or https://host:port';

/**
 * The base URL's origin (no trailing slash), or an explanation of why it is refused: https://
 * and a host name with an optional port, or http:// to localhost, 127.0.0.1 or [::1].
 */
export function checkBaseUrl(raw: string): { url: string } | { problem: string } {
	const allowed = matchAllowedBaseUrl(raw);
	// The rule admits only URLs that WHATWG parsing keeps as written (lower-cased).
	if (allowed !== undefined) return { url: new URL(allowed).origin };
	return { problem: explainRefusal(raw.trim()) };
}

/** Why the rule refuses a (trimmed) base URL; never echoes it, as it may hold a password. */
function explainRefusal(url: string): string {
	if (url === '') return `it is empty; enter ${EXAMPLE} or your proxy's https:// address`;
	if (/\s/.test(url)) return 'it contains spaces, tabs or line breaks';
	if (url.includes('\\')) {
		return 'it contains a backslash (\\), which URL parsers read as "/", so the request would go to a different host than the one written';
	}
	if (/[^\x21-\x7e]/.test(url)) {
		return 'it contains characters other than plain ASCII (accented or look-alike letters, or invisible control characters); write the host name in ASCII';
	}
	if (url.includes('%')) {
		return 'it contains percent-encoding (%), which URL parsers decode into other characters';
	}
	const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1].toLowerCase() ?? '';
	const rest = url.slice(scheme.length + 1);
	const web = scheme === 'https' || scheme === 'http';
	if (scheme !== '' && !web && rest.startsWith('//')) {
		return `it uses "${scheme}:"; only https:// is accepted (http:// only for localhost)`;
	}
	// Also "localhost:5678", which has no scheme though it looks like one.
	if (!web) return `it does not start with https://, as in ${EXAMPLE}`;
	if (!rest.startsWith('//') || rest.startsWith('///')) {
		return `it needs exactly two slashes after "${scheme}:", as in ${EXAMPLE}`;
	}
	const afterSlashes = rest.slice(2);
	const authorityEnd = afterSlashes.search(/[/?#]/);
	const authority = authorityEnd === -1 ? afterSlashes : afterSlashes.slice(0, authorityEnd);
	const tail = authorityEnd === -1 ? '' : afterSlashes.slice(authorityEnd);
	if (authority.includes('@')) return 'it contains a user name or password (text before "@")';
	if (/[?#]/.test(tail)) return 'it has a query (?) or fragment (#); give the host only';
	if (!/^\/*$/.test(tail)) return `it has a path; give the host only, as in ${EXAMPLE}`;
	const { host, port } = splitAuthority(authority);
	if (port !== undefined && !/^[1-9][0-9]{0,4}$/.test(port)) {
		return 'its port must be a number from 1 to 65535, without leading zeros';
	}
	if (port !== undefined && Number(port) > 65535) return 'its port is above 65535';
	if (scheme === 'http' && !LOOPBACK_HOSTS.includes(host.toLowerCase())) {
		return 'plain http:// is accepted only for localhost, 127.0.0.1 or [::1] (written exactly so); use https://';
	}
	return scheme === 'https' ? explainHost(host) : NOT_OF_THE_FORM;
}

/** Splits "host:port" (the host may be a bracketed IPv6 address); port is undefined if absent. */
function splitAuthority(authority: string): { host: string; port?: string } {
	const hostEnd = authority.startsWith('[') ? authority.indexOf(']') : 0;
	const colon = hostEnd === -1 ? -1 : authority.indexOf(':', hostEnd);
	if (colon === -1) return { host: authority };
	return { host: authority.slice(0, colon), port: authority.slice(colon + 1) };
}

/** Why an https:// host is not a plain DNS host name. */
function explainHost(host: string): string {
	if (host === '') return 'it has no host name';
	if (host.startsWith('[')) {
		return 'https:// needs a host name, not an IP address (http://[::1] is accepted for this machine)';
	}
	if (host.endsWith('.')) return 'its host name ends with a dot; remove it';
	const labels = host.split('.');
	if (labels.includes('')) {
		return 'its host name has an empty part (two dots in a row, or a leading dot)';
	}
	if (labels.some((label) => /[^a-z0-9-]/i.test(label))) {
		return 'its host name may contain only letters, digits, hyphens and dots';
	}
	if (labels.some((label) => /^xn--/i.test(label))) {
		return 'its host name has an internationalised (xn--) part, which is not accepted';
	}
	if (labels.some((label) => label.startsWith('-') || label.endsWith('-'))) {
		return 'a part of its host name starts or ends with a hyphen';
	}
	if (labels.some((label) => label.length > 63)) {
		return 'a part of its host name is longer than 63 characters';
	}
	if (!/^[a-z]/i.test(labels[labels.length - 1])) {
		return 'https:// needs a host name whose last part starts with a letter (like .com), not an IP address or a number';
	}
	return NOT_OF_THE_FORM;
}
