// The Base URL rule: the node's check and the credentials' n8n expressions accept exactly the same
// inputs, and whatever they accept reaches exactly the host the node accepts. The credentials'
// real expression strings run in n8n-workflow's expression engine, as n8n runs them; fast-check
// generates hostile and valid Base URLs and shrinks any counterexample.
import fc from 'fast-check';
import type { ICredentialTestRequest, IDataObject } from 'n8n-workflow';

import {
	ALLOWED_BASE_URL,
	NOT_ALLOWED_URL,
	allowedBaseUrl,
} from '../../../credentials/allowedBaseUrl';
import { TikTokForBusinessOAuth2Api } from '../../../credentials/TikTokForBusinessOAuth2Api.credentials';
import { TikTokForBusinessSandboxApi } from '../../../credentials/TikTokForBusinessSandboxApi.credentials';
import { checkBaseUrl } from '../../../nodes/TikTokForBusiness/transport/baseUrl';
import { evaluateCredentialExpression } from '../../support/harness';
import { assert, describe, it } from '../../support/testing';

const RUNS = { numRuns: 5000 };

function evaluate(expression: string, data: IDataObject): string {
	return String(evaluateCredentialExpression(expression, data));
}

const oauth2 = new TikTokForBusinessOAuth2Api();
const sandboxTest = (new TikTokForBusinessSandboxApi().test as ICredentialTestRequest).request;
const defaultOf = (name: string) =>
	String(oauth2.properties.find((property) => property.name === name)?.default);

/** Every URL a credential builds from the Base URL, with the path it must keep. */
function credentialUrls(baseUrl: string): Array<{ name: string; url: string; path: string }> {
	return [
		{
			name: 'authorization URL',
			url: evaluate(defaultOf('authUrl'), { $self: { baseUrl } }),
			path: '/portal/auth',
		},
		{
			name: 'token URL',
			url: evaluate(defaultOf('accessTokenUrl'), { $self: { baseUrl } }),
			path: '/open_api/v1.3/oauth/token/',
		},
		{
			// n8n appends the test request's url to its baseURL.
			name: 'sandbox test URL',
			url:
				evaluate(String(sandboxTest.baseURL), { $credentials: { baseUrl } }) +
				String(sandboxTest.url),
			path: '/open_api/v1.3/user/info/',
		},
	];
}

// ---- generated Base URLs ----------------------------------------------------------------------

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/);
const lastLabel = fc.oneof(
	{ arbitrary: fc.stringMatching(/^[a-z](?:[a-z0-9-]{0,8}[a-z0-9])?$/), weight: 9 },
	{ arbitrary: fc.stringMatching(/^[a-z][a-z0-9]{59,64}$/), weight: 1 },
);
const dnsHost = fc.mixedCase(
	fc
		.tuple(fc.array(label, { maxLength: 3 }), lastLabel)
		.map(([labels, last]) => [...labels, last].join('.')),
);
const validPort = fc.oneof(
	fc.constant(''),
	fc.integer({ min: 1, max: 65535 }).map((port) => `:${port}`),
);
// Whitespace that JavaScript's trim and \s remove (both sides of the rule drop it).
const trimmable = fc.constantFrom(
	...['', '', '', ' ', '  ', '\t', '\n', '\r\n', '\u000b', '\u000c', '\u00a0', '\ufeff'],
	...['\u2028', '\u3000'],
);
// Look-alikes that they keep, though WHATWG drops the first two around a URL.
const outerSpace = fc.oneof(
	{ arbitrary: trimmable, weight: 3 },
	fc.constantFrom('\u0000', '\u001f', '\u0085', '\u200b'),
);
const slashes = fc.nat({ max: 3 }).map((count) => '/'.repeat(count));

const validHttps = fc
	.tuple(trimmable, fc.mixedCase(fc.constant('https')), dnsHost, validPort, slashes, trimmable)
	.map(
		([before, scheme, host, port, tail, after]) =>
			`${before}${scheme}://${host}${port}${tail}${after}`,
	);
const validLoopback = fc
	.tuple(
		trimmable,
		fc.mixedCase(fc.constant('http')),
		fc.mixedCase(fc.constantFrom('localhost', '127.0.0.1', '[::1]')),
		validPort,
		slashes,
		trimmable,
	)
	.map(
		([before, scheme, host, port, tail, after]) =>
			`${before}${scheme}://${host}${port}${tail}${after}`,
	);

const hostileHost = fc.oneof(
	dnsHost,
	fc.constantFrom('business-api.tiktok.com', 'sandbox-ads.tiktok.com', 'localhost'),
	// IPv4 in every notation WHATWG reads: dotted, short, hex, octal, one number.
	fc.constantFrom(
		...['127.0.0.1', '127.1', '0x7f.0.0.1', '0x7f.1', '0x7F000001', '2130706433', '0177.0.0.1'],
		...['127.0.0.01', '10.0.0.8', '169.254.169.254', '0', 'a.0x7f', 'a.2130706433', 'a.b.c1'],
		...['1.2.3', '127.0.0.1.', '127.0.0.2', '0.0.0.0', '4294967295', '4294967296', 'a.09'],
	),
	fc.nat().map((n) => `a.${n}`),
	fc.nat().map((n) => `${n.toString(16)}.a`),
	fc.nat().map((n) => `x.0x${n.toString(16)}`),
	fc.tuple(fc.nat(300), fc.nat(300), fc.nat(300), fc.nat(300)).map((parts) => parts.join('.')),
	// IPv6, loopback included in its long forms.
	fc.constantFrom(
		...['[::1]', '[0:0:0:0:0:0:0:1]', '[0000:0000:0000:0000:0000:0000:0000:0001]', '[::]'],
		...['[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[::1%25lo]', '::1', '[::1', '::1]'],
		...['[fe80::1]', '[::127.0.0.1]', '[::0:1]', '[0::1]'],
	),
	// Punycode labels, mostly not valid punycode, first or last.
	fc.mixedCase(fc.stringMatching(/^(?:[a-z]{1,3}\.)?xn--[a-z0-9-]{0,6}(?:\.[a-z]{1,3})?$/)),
	// Unicode and punycode: full-width letters, look-alikes, dots other than ".".
	fc.constantFrom(
		...['bücher.de', 'xn--bcher-kva.de', 'xn--a.com', 'XN--LS8H.la', 'a.xn--p1ai'],
		...['ｅｘａｍｐｌｅ.com', 'exa\u200bmple.com', 'localhos\u212a', '\u017fandbox-ads.tiktok.com'],
		...['exampl\u0435.com', 'a\u3002b.com', 'a\uff0eb.com', 'evil.example\u2215x.com'],
	),
	// Broken DNS names: empty labels, hyphens at the ends, other ASCII.
	fc.constantFrom(
		...['', '.', 'a..b', '.a.b', 'a.b.', 'a.b..', '-a.b', 'a-.b', 'a.-b', 'a.b-'],
		...['a_b.com', 'a*b.com', 'a!b.com', 'a$b.com', "a'b.com", 'a"b', 'a<b', 'a^b', 'a|b'],
		...['a{b}', 'a`b', 'a(b)', 'a,b', 'a;b', 'a=b', 'a+b', 'a&b', 'a~b'],
	),
);
const hostilePort = fc.oneof(
	{ arbitrary: validPort, weight: 3 },
	fc.integer({ min: 0, max: 70000 }).map((port) => `:${port}`),
	fc.integer({ min: 1, max: 65535 }).map((port) => `:0${port}`),
	fc.constantFrom(':', ':0', ':65535', ':65536', ':08080', ':-1', ':1e3', ':abc', ':443'),
	fc.constantFrom(':80', ':99999999999', ': 80', ':+1', ':0x50', '::80'),
);
const scheme = fc.oneof(
	{ arbitrary: fc.mixedCase(fc.constantFrom('https', 'http')), weight: 6 },
	fc.constantFrom('ftp', 'javascript', 'file', 'ws', 'wss', 'data', 'blob', 'httpss', 'htps'),
	fc.constantFrom('https ', ' https', 'h ttps', 'https\t', 'ht\ntp', ''),
);
const separator = fc.oneof(
	{ arbitrary: fc.constant('://'), weight: 10 },
	fc.constantFrom(':/', ':///', ':////', ':', '//', ':\\\\', ':/\\', ':\\/', '://\\', ': //'),
);
const userInfo = fc.oneof(
	{ arbitrary: fc.constant(''), weight: 6 },
	fc.constantFrom('a@', 'a:b@', 'user:S3cr3t@', 'business-api.tiktok.com@', '@', ':@', 'a%40b@'),
);
const suffix = fc.oneof(
	{ arbitrary: slashes, weight: 4 },
	fc.constantFrom('/path', '/open_api/v1.3', '?x=1', '#frag', '/?', '/#', '?', '#', '/..', '/./'),
	fc.constantFrom('\\.business-api.tiktok.com', '\\', '\\@evil.example', '/\\evil.example'),
	fc.constantFrom('%2F', '%2E', '%2e', '%40evil.example', '/%2F', '%00', '%', '%zz', '%252F'),
	fc.constantFrom('@evil.example', '/@evil.example', '.', ';a', ' /', '\u0000', '\t/', '\n'),
);
// A character or sequence put anywhere in an otherwise assembled URL.
const injection = fc.constantFrom(
	...['\\', '@', '#', '?', '%2F', '%2E', '%2e', '%40', '%5C', '%00', '%', '/', '//', '.', '..'],
	...[' ', '\t', '\n', '\r', '\u0000', '\u007f', '\u00a0', '\u3000', '\ufeff', '\u2028'],
	...[':', '[', ']', 'ı', '\u212a', '\u0130', 'ä', '-', '_', '0x', '=', '{{', '}}', '"', "'"],
	...['`', '$', '(', ')', ';', ',', '*', '&', '+', '|', '^', '<', '>'],
);
const assembled = fc
	.tuple(outerSpace, scheme, separator, userInfo, hostileHost, hostilePort, suffix, outerSpace)
	.map((parts) => parts.join(''));
const injected = fc
	.tuple(fc.oneof(validHttps, validLoopback, assembled), injection, fc.nat())
	.map(([url, inserted, at]) => {
		const index = at % (url.length + 1);
		return url.slice(0, index) + inserted + url.slice(index);
	});
const webUrl = fc.webUrl({
	validSchemes: ['https', 'http', 'ftp', 'javascript'],
	withQueryParameters: true,
	withFragments: true,
	authoritySettings: {
		withIPv4: true,
		withIPv6: true,
		withIPv4Extended: true,
		withUserInfo: true,
		withPort: true,
	},
});
const noise = fc.string({
	unit: fc.constantFrom(...'hts:/\\@.%2Fx1[]: \t'.split('')),
	maxLength: 30,
});

const anyBaseUrl = fc.oneof(
	{ arbitrary: validHttps, weight: 3 },
	{ arbitrary: validLoopback, weight: 1 },
	{ arbitrary: assembled, weight: 5 },
	{ arbitrary: injected, weight: 4 },
	{ arbitrary: webUrl, weight: 1 },
	{ arbitrary: noise, weight: 1 },
);

// ---- properties -------------------------------------------------------------------------------

describe('the Base URL rule (credentials/allowedBaseUrl.ts)', () => {
	it('(a) the node and every credential URL accept exactly the same Base URLs', (t) => {
		let accepted = 0;
		let refused = 0;
		fc.assert(
			fc.property(anyBaseUrl, (baseUrl) => {
				const checked = checkBaseUrl(baseUrl);
				if ('url' in checked) accepted++;
				else refused++;
				for (const { name, url } of credentialUrls(baseUrl)) {
					const refusedHere = url.startsWith(`${NOT_ALLOWED_URL}/`);
					assert.equal(refusedHere, 'problem' in checked, `${name}: ${url}`);
				}
			}),
			RUNS,
		);
		t.diagnostic(`${accepted} accepted, ${refused} refused`);
		// Both sides of the rule are exercised, not just one.
		assert.ok(accepted > RUNS.numRuns / 5, `only ${accepted} accepted`);
		assert.ok(refused > RUNS.numRuns / 3, `only ${refused} refused`);
	});

	it('(b) whatever is accepted reaches exactly the host the node accepts, on the path written', () => {
		fc.assert(
			fc.property(anyBaseUrl, (baseUrl) => {
				const checked = checkBaseUrl(baseUrl);
				fc.pre('url' in checked);
				if (!('url' in checked)) return;
				const accepted = new URL(checked.url);
				assert.equal(accepted.origin, checked.url);
				// The host and port as written, read as text: a parser must see the same ones.
				const written = /^[a-z]+:\/\/(.*?)(?::(\d+))?\/*$/i.exec(baseUrl.trim());
				assert.ok(written, baseUrl);
				assert.equal(accepted.hostname, written[1].toLowerCase());
				const defaultPort = accepted.protocol === 'https:' ? '443' : '80';
				assert.equal(accepted.port, written[2] === defaultPort ? '' : (written[2] ?? ''));
				assert.equal(new URL(baseUrl.trim()).host, accepted.host);
				for (const { name, url, path } of credentialUrls(baseUrl)) {
					const parsed = new URL(url);
					assert.equal(parsed.host, accepted.host, `${name}: ${url}`);
					assert.equal(parsed.origin, checked.url, `${name}: ${url}`);
					assert.equal(parsed.username + parsed.password, '', `${name}: ${url}`);
					assert.equal(parsed.pathname + parsed.search + parsed.hash, path, `${name}: ${url}`);
				}
			}),
			{ ...RUNS, maxSkipsPerRun: 10 },
		);
	});

	it('explains every refusal specifically, never with the catch-all message', () => {
		fc.assert(
			fc.property(anyBaseUrl, (baseUrl) => {
				const checked = checkBaseUrl(baseUrl);
				if ('problem' in checked) {
					assert.doesNotMatch(checked.problem, /is not of the form/, JSON.stringify(baseUrl));
				}
			}),
			RUNS,
		);
	});
});

describe('the finding: a backslash sends the secrets to another host', () => {
	const finding = 'https://evil.example\\.business-api.tiktok.com';

	it('URL parsers read the host before the backslash', () => {
		assert.equal(new URL(finding).host, 'evil.example');
	});

	it('every credential URL points nowhere, and the node refuses it with the reason', () => {
		for (const { name, url } of credentialUrls(finding)) {
			assert.ok(url.startsWith('https://base-url-not-allowed.invalid/'), `${name}: ${url}`);
		}
		const checked = checkBaseUrl(finding);
		assert.ok('problem' in checked);
		assert.match(checked.problem, /backslash/);
	});
});

describe('the rule as an expression', () => {
	it('contains no "{{" or "}}", which would end the n8n expression early', () => {
		assert.doesNotMatch(allowedBaseUrl('$self["baseUrl"]'), /\{\{|\}\}/);
	});

	it('keeps no state between matches (no g or y flag)', () => {
		assert.equal(ALLOWED_BASE_URL.flags, 'i');
	});

	it('trims surrounding whitespace and trailing slashes on both sides alike', () => {
		const baseUrl = ' \t https://proxy.example.com:8443// \n';
		assert.deepEqual(checkBaseUrl(baseUrl), { url: 'https://proxy.example.com:8443' });
		const urls = credentialUrls(baseUrl).map(({ url }) => url);
		assert.deepEqual(urls, [
			'https://proxy.example.com:8443/portal/auth',
			'https://proxy.example.com:8443/open_api/v1.3/oauth/token/',
			'https://proxy.example.com:8443/open_api/v1.3/user/info/',
		]);
	});

	it('points nowhere when the Base URL is not a string', () => {
		for (const baseUrl of [undefined, null, 443, {}]) {
			const url = evaluate(defaultOf('accessTokenUrl'), { $self: { baseUrl } } as IDataObject);
			assert.equal(url, `${NOT_ALLOWED_URL}/open_api/v1.3/oauth/token/`);
		}
	});
});
