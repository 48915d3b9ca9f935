import type { ICredentialTestRequest, IDataObject, INodeProperties } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { TikTokForBusinessOAuth2Api } from '../../credentials/TikTokForBusinessOAuth2Api.credentials';
import { TikTokForBusinessSandboxApi } from '../../credentials/TikTokForBusinessSandboxApi.credentials';
import { checkBaseUrl } from '../../nodes/TikTokForBusiness/transport/baseUrl';
import type { Emulator } from '../emulator';
import { getPackage, NODE_TYPE } from '../support/harness';
import { useEmulator } from '../support/emulator';
import { assert, describe, it } from '../support/testing';
import { productionCredential, runTikTok, sandboxCredential } from '../support/tiktok';

const ALLOWED = [
	'https://business-api.tiktok.com',
	'https://sandbox-ads.tiktok.com/',
	'https://proxy.example.com:8443',
	'http://127.0.0.1:18080',
	'http://localhost:5678/',
	'http://[::1]:9000',
	// Pasted with whitespace around it: trimmed alike by the node and the credentials.
	' https://proxy.example.com:8443/ \n',
];
const REFUSED = [
	'http://business-api.tiktok.com@127.0.0.1:18080',
	'https://business-api.tiktok.com@evil.example',
	'http://business-api.tiktok.com',
	'http://10.0.0.8:8080',
	'ftp://business-api.tiktok.com',
	'https://business-api.tiktok.com/open_api/v1.3',
	'https://business-api.tiktok.com/?x=1',
	'business-api.tiktok.com',
	// URL parsers read the host as evil.example: the token request must not go there.
	'https://evil.example\\.business-api.tiktok.com',
	'https://evil.example%2F.business-api.tiktok.com',
	'http://127.1:18080',
	'http://[0:0:0:0:0:0:0:1]:18080',
	'https://0x7f.1',
];

/** Evaluates a credential URL expression with n8n's own expression engine. */
async function evaluate(expression: string, data: IDataObject): Promise<unknown> {
	const { nodeTypes } = await getPackage();
	const workflow = new Workflow({
		nodes: [
			{ id: 'n', name: 'n', type: NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
		],
		connections: {},
		active: false,
		nodeTypes,
	});
	return workflow.expression.getSimpleParameterValue(
		workflow.getNode('n')!,
		expression,
		'internal',
		data,
	);
}

function defaultOf(properties: INodeProperties[], name: string): string {
	return String(properties.find((property) => property.name === name)?.default);
}

describe('Base URL: tokens and secrets go only to HTTPS hosts (HTTP only to localhost)', () => {
	const oauth2 = new TikTokForBusinessOAuth2Api();
	const sandboxTest = (new TikTokForBusinessSandboxApi().test as ICredentialTestRequest).request;

	for (const baseUrl of ALLOWED) {
		it(`allows ${baseUrl}`, async () => {
			const host = baseUrl.trim().replace(/\/+$/, '');
			assert.deepEqual(checkBaseUrl(baseUrl), { url: host });
			const tokenUrl = await evaluate(defaultOf(oauth2.properties, 'accessTokenUrl'), {
				$self: { baseUrl },
			});
			assert.equal(tokenUrl, `${host}/open_api/v1.3/oauth/token/`);
			const authUrl = await evaluate(defaultOf(oauth2.properties, 'authUrl'), {
				$self: { baseUrl },
			});
			assert.equal(authUrl, `${host}/portal/auth`);
			const testUrl = await evaluate(String(sandboxTest.baseURL), { $credentials: { baseUrl } });
			assert.equal(testUrl, `${host}/open_api/v1.3`);
		});
	}

	for (const baseUrl of REFUSED) {
		it(`refuses ${baseUrl}`, async () => {
			const checked = checkBaseUrl(baseUrl);
			assert.ok('problem' in checked && checked.problem.length > 0);
			for (const [expression, data] of [
				[defaultOf(oauth2.properties, 'accessTokenUrl'), { $self: { baseUrl } }],
				[defaultOf(oauth2.properties, 'authUrl'), { $self: { baseUrl } }],
				[String(sandboxTest.baseURL), { $credentials: { baseUrl } }],
			] as const) {
				const url = String(await evaluate(expression, data));
				assert.match(url, /^https:\/\/base-url-not-allowed\.invalid\//);
			}
		});
	}

	describe('the node', () => {
		let emulator: Emulator;
		useEmulator((started) => (emulator = started));

		for (const kind of ['production', 'sandbox'] as const) {
			it(`sends nothing with the ${kind} credential when the Base URL is refused`, async () => {
				const deceptive = emulator.url.replace('http://', 'http://business-api.tiktok.com@');
				const credential =
					kind === 'production'
						? productionCredential(emulator, undefined, { baseUrl: deceptive })
						: sandboxCredential(emulator, { baseUrl: deceptive });
				const run = await runTikTok(
					emulator,
					{ resource: 'advertiser', operation: 'getAll', returnAll: true },
					{ credential: kind, credentials: [credential] },
				);
				assert.match(String(run.error?.message), /Base URL is not allowed/);
				assert.equal(emulator.requests.length, 0);
			});
		}
	});
});
