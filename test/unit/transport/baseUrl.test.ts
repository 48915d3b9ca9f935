// The node's Base URL check: the shared rule decides, and a refusal says in plain words why.
import { checkBaseUrl } from '../../../nodes/TikTokForBusiness/transport/baseUrl';
import { assert, describe, it } from '../../support/testing';

const ACCEPTED: Array<[string, string]> = [
	['https://business-api.tiktok.com', 'https://business-api.tiktok.com'],
	['https://sandbox-ads.tiktok.com///', 'https://sandbox-ads.tiktok.com'],
	['  https://proxy.example.com:8443/\n', 'https://proxy.example.com:8443'],
	['HTTPS://Proxy.Example.COM:443', 'https://proxy.example.com'],
	['https://a:65535', 'https://a:65535'],
	['https://a1.b-c.d2e', 'https://a1.b-c.d2e'],
	['http://localhost', 'http://localhost'],
	['http://LOCALHOST:5678/', 'http://localhost:5678'],
	['http://127.0.0.1:18080', 'http://127.0.0.1:18080'],
	['http://[::1]:9000', 'http://[::1]:9000'],
];

// Each refused Base URL, and what the node's message must say about it.
const REFUSED: Array<[string, RegExp]> = [
	['', /empty/],
	[' \t\n', /empty/],
	['https://evil.example\\.business-api.tiktok.com', /backslash/],
	['https://business-api.tiktok.com\\@evil.example', /backslash/],
	['https://evil .example', /spaces, tabs or line breaks/],
	['https://evil\t.example', /spaces, tabs or line breaks/],
	['https://bücher.de', /plain ASCII/],
	['https://ｅｘａｍｐｌｅ.com', /plain ASCII/],
	['https://a\u0000.com', /plain ASCII/],
	['https://evil.example%2F.tiktok.com', /percent-encoding/],
	['business-api.tiktok.com', /does not start with https:\/\//],
	['localhost:5678', /does not start with https:\/\//],
	['javascript:alert(1)', /does not start with https:\/\//],
	['ftp://business-api.tiktok.com', /uses "ftp:"; only https:\/\//],
	['https:/business-api.tiktok.com', /exactly two slashes/],
	['https:///business-api.tiktok.com', /exactly two slashes/],
	['https://user:pw@business-api.tiktok.com', /user name or password/],
	['https://business-api.tiktok.com@evil.example', /user name or password/],
	['https://business-api.tiktok.com/open_api/v1.3', /has a path/],
	['https://business-api.tiktok.com/?x=1', /query \(\?\) or fragment \(#\)/],
	['https://business-api.tiktok.com#x', /query \(\?\) or fragment \(#\)/],
	['https://business-api.tiktok.com:0', /port must be a number from 1 to 65535/],
	['https://business-api.tiktok.com:08443', /without leading zeros/],
	['https://business-api.tiktok.com:', /port must be a number/],
	['https://business-api.tiktok.com:65536', /above 65535/],
	['http://business-api.tiktok.com', /plain http:\/\/ is accepted only for localhost/],
	['http://127.1:18080', /plain http:\/\/ is accepted only for localhost/],
	['http://127.0.0.2:18080', /plain http:\/\/ is accepted only for localhost/],
	['http://2130706433', /plain http:\/\/ is accepted only for localhost/],
	['http://[0:0:0:0:0:0:0:1]', /plain http:\/\/ is accepted only for localhost/],
	['https://127.0.0.1', /not an IP address/],
	['https://0x7f.1', /not an IP address/],
	['https://2130706433', /not an IP address/],
	['https://[::1]', /not an IP address/],
	['https://business-api.tiktok.com.', /ends with a dot/],
	['https://business-api..tiktok.com', /empty part/],
	['https://a_b.example', /only letters, digits, hyphens and dots/],
	['https://xn--bcher-kva.de', /internationalised \(xn--\)/],
	['https://proxy.xn--p1ai', /internationalised \(xn--\)/],
	['https://-proxy.example', /starts or ends with a hyphen/],
	[`https://${'a'.repeat(64)}.example`, /longer than 63 characters/],
];

describe("the node's Base URL check", () => {
	for (const [baseUrl, origin] of ACCEPTED) {
		it(`accepts ${JSON.stringify(baseUrl)} as ${origin}`, () => {
			assert.deepEqual(checkBaseUrl(baseUrl), { url: origin });
		});
	}

	for (const [baseUrl, reason] of REFUSED) {
		it(`refuses ${JSON.stringify(baseUrl)}, saying why`, () => {
			const checked = checkBaseUrl(baseUrl);
			assert.ok('problem' in checked, JSON.stringify(checked));
			assert.match(checked.problem, reason);
		});
	}

	it('never repeats the Base URL, which may hold a password', () => {
		const checked = checkBaseUrl('https://admin:S3cr3t-pw@proxy.example.com');
		assert.ok('problem' in checked);
		assert.doesNotMatch(checked.problem, /S3cr3t|admin/);
	});
});
