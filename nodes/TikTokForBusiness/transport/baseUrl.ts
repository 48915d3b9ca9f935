// Where a credential may send its token and the app secret: TikTok's hosts over HTTPS, or a
// proxy; plain HTTP only to this machine (the local emulator).

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The base URL without trailing slashes, or an explanation of why it is refused: HTTPS only
 * (HTTP for loopback), a host and optional port, nothing else.
 */
export function checkBaseUrl(raw: string): { url: string } | { problem: string } {
	const trimmed = raw.trim().replace(/\/+$/, '');
	let parsed: URL;
	try {
		parsed = new URL(trimmed);
	} catch {
		return { problem: `"${raw}" is not a URL` };
	}
	if (parsed.username !== '' || parsed.password !== '') {
		return { problem: 'it contains a user name or password (text before "@")' };
	}
	if (parsed.pathname !== '/' || parsed.search !== '' || parsed.hash !== '') {
		return { problem: 'it has a path, query or fragment; give the host only' };
	}
	if (parsed.protocol === 'https:') return { url: parsed.origin };
	if (parsed.protocol === 'http:' && LOOPBACK_HOST.test(parsed.hostname)) {
		return { url: parsed.origin };
	}
	return { problem: 'it must use https:// (plain http:// is accepted only for localhost)' };
}
