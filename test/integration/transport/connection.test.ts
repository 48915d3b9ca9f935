import type {
	ICredentialTestRequest,
	IDataObject,
	INodeParameters,
	INodeProperties,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { TikTokForBusinessOAuth2Api } from '../../../credentials/TikTokForBusinessOAuth2Api.credentials';
import { TikTokForBusinessSandboxApi } from '../../../credentials/TikTokForBusinessSandboxApi.credentials';
import { checkBaseUrl } from '../../../nodes/TikTokForBusiness/transport/baseUrl';
import { DEFAULT_WORLD, startEmulator, type Emulator } from '../../emulator';
import { getPackage, NODE_TYPE } from '../../support/harness';
import { useEmulator } from '../../support/emulator';
import { assertNodeError, calls, getAdvertiser, US } from '../../support/operations';
import { after, assert, before, describe, it } from '../../support/testing';
import {
	ADVERTISERS,
	AUDIENCES,
	byId,
	productionCredential,
	runTikTok,
	sandboxCredential,
	tokenData,
	type RunTikTokOptions,
	type TikTokRun,
} from '../../support/tiktok';

// The connection to TikTok, whatever the operation: credentials, sandbox or production, the
// Base URL tokens may go to, and secrets that must never leak.

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

const SECRETS = {
	'production access token': DEFAULT_WORLD.tokens.production,
	'revoked access token': DEFAULT_WORLD.tokens.revoked,
	'sandbox access token': DEFAULT_WORLD.tokens.sandbox,
	'app secret': DEFAULT_WORLD.app.secret,
};

// TikTok's /oauth2/advertiser/get/ takes the app ID and secret as query parameters (GET, no
// body): the one request whose URL must carry the secret, over HTTPS, to TikTok itself.
const ADVERTISER_LIST_ENDPOINT = '/open_api/v1.3/oauth2/advertiser/get/';

describe('Transport → connection: credentials, Base URL and secrets', () => {
	describe('credentials through n8n', () => {
		let emulator!: Emulator;
		useEmulator((started) => (emulator = started));

		it('sends sandbox requests to the sandbox base URL with the Access-Token header', async () => {
			const run = await runTikTok(emulator, getAdvertiser(ADVERTISERS.sandbox.id), {
				credential: 'sandbox',
			});
			assert.equal(run.error, undefined);
			assert.equal(run.json[0].advertiser_id, ADVERTISERS.sandbox.id);
			const [request] = calls(emulator, '/advertiser/info/');
			assert.equal(request.environment, 'sandbox');
			assert.equal(request.headers['access-token'], DEFAULT_WORLD.tokens.sandbox);
		});

		for (const shape of ['flat', 'wrapped'] as const) {
			it(`signs OAuth2 requests with Access-Token when the token data is ${shape}`, async () => {
				const run = await runTikTok(emulator, getAdvertiser(ADVERTISERS.acmeShoesUs.id), {
					credentials: [
						productionCredential(emulator, tokenData(shape, DEFAULT_WORLD.tokens.production)),
					],
				});
				assert.equal(run.error, undefined);
				assert.equal(run.json[0].name, ADVERTISERS.acmeShoesUs.name);
				const [request] = calls(emulator, '/advertiser/info/');
				assert.equal(request.environment, 'production');
				assert.equal(request.headers['access-token'], DEFAULT_WORLD.tokens.production);
			});
		}

		it('asks to reconnect, quoting TikTok, when the stored token data is an error', async () => {
			const failedExchange = {
				code: 40110,
				message: 'Auth code is invalid or has expired.',
				request_id: '202611250000000000002',
				data: {},
			};
			const run = await runTikTok(emulator, getAdvertiser(ADVERTISERS.acmeShoesUs.id), {
				credentials: [productionCredential(emulator, failedExchange)],
			});
			assert.ok(run.error);
			assert.match(run.error.message, /reconnect the credential/);
			assert.match(run.error.message, /Auth code is invalid or has expired\./);
			assert.match(run.error.message, /40110/);
			assert.equal(emulator.requests.length, 0, 'nothing is sent without a token');
		});

		describe('bad input: accounts and tokens', () => {
			it('an advertiser the credential cannot reach', async () => {
				const run = await runTikTok(emulator, {
					resource: 'audience',
					operation: 'getAll',
					advertiserId: byId(ADVERTISERS.otherAgencyClient.id),
					returnAll: true,
				});
				assertNodeError(run, 0, /code 40001/, /scope|authorize/);
				assert.match(run.error!.message, new RegExp(ADVERTISERS.otherAgencyClient.id));
			});

			it('an operation the sandbox does not offer', async () => {
				emulator.faults.add({
					path: '/open_api/v1.3/dmp/custom_audience/list/',
					environment: 'sandbox',
					kind: 'code',
					code: 40014,
				});
				const run = await runTikTok(
					emulator,
					{
						resource: 'audience',
						operation: 'getAll',
						advertiserId: byId(ADVERTISERS.sandbox.id),
						returnAll: true,
					},
					{ credential: 'sandbox' },
				);
				assertNodeError(
					run,
					0,
					/sandbox does not support \/dmp\/custom_audience\/list\//,
					/Use the production \(OAuth2\) credential/,
				);
			});

			it('a revoked production token', async () => {
				const run = await runTikTok(
					emulator,
					{ resource: 'advertiser', operation: 'getAll', returnAll: true },
					{
						credentials: [
							productionCredential(emulator, tokenData('flat', DEFAULT_WORLD.tokens.revoked)),
						],
					},
				);
				assertNodeError(run, 0, /code 40102/, /Reconnect/);
			});

			it('an invalid sandbox token', async () => {
				const run = await runTikTok(
					emulator,
					{ resource: 'advertiser', operation: 'getAll', returnAll: true },
					{
						credential: 'sandbox',
						credentials: [sandboxCredential(emulator, { accessToken: 'not-a-real-token' })],
					},
				);
				assertNodeError(run, 0, /code 40105/, /new sandbox access token/);
			});

			it('a token without the audience scope', async () => {
				const run = await runTikTok(
					emulator,
					{
						resource: 'audience',
						operation: 'getAll',
						advertiserId: byId(US),
						returnAll: true,
					},
					{
						credentials: [
							productionCredential(emulator, tokenData('wrapped', DEFAULT_WORLD.tokens.readOnly)),
						],
					},
				);
				assertNodeError(run, 0, /code 40001/, /Audience Management/);
			});
		});
	});

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

				it(`refuses a cleared Base URL with the ${kind} credential, as the credential's own URLs do`, async () => {
					const credential =
						kind === 'production'
							? productionCredential(emulator, undefined, { baseUrl: '' })
							: sandboxCredential(emulator, { baseUrl: '' });
					const run = await runTikTok(
						emulator,
						{ resource: 'advertiser', operation: 'getAll', returnAll: true },
						{ credential: kind, credentials: [credential] },
					);
					assert.match(String(run.error?.message), /Base URL is not allowed: it is empty/);
					assert.equal(emulator.requests.length, 0);
				});
			}
		});
	});

	describe('secrets never leak', () => {
		let emulator: Emulator;
		const runs: Array<{ label: string; run: TikTokRun }> = [];

		before(async () => {
			emulator = await startEmulator();
			const fast = { maxAttempts: 2, retryDelay: 1, maxTotalWait: 1 };
			const scenarios: Array<[string, INodeParameters, RunTikTokOptions?]> = [
				['list advertisers', { resource: 'advertiser', operation: 'getAll', returnAll: true }],
				[
					'read an advertiser without permission',
					{
						resource: 'advertiser',
						operation: 'get',
						advertiserId: byId(ADVERTISERS.otherAgencyClient.id),
					},
				],
				[
					'create an audience',
					{
						resource: 'audience',
						operation: 'create',
						advertiserId: byId(ADVERTISERS.acmeShoesUs.id),
						audienceName: 'Secrets check',
						source: 'items',
						identifierFields: { emailField: 'email' },
					},
					{ items: [{ email: 'a@x.example' }, { email: 'b@x.example' }] },
				],
				[
					'get a foreign audience, continuing on fail',
					{
						resource: 'audience',
						operation: 'get',
						advertiserId: byId(ADVERTISERS.acmeShoesUs.id),
						audienceId: byId(AUDIENCES.otherAgencyRetargeting.id),
					},
					{ continueOnFail: true },
				],
				[
					'use a revoked token',
					{ resource: 'advertiser', operation: 'getAll', returnAll: true },
					{
						credentials: [
							productionCredential(emulator, tokenData('flat', DEFAULT_WORLD.tokens.revoked)),
						],
					},
				],
				[
					'list advertisers in the sandbox',
					{ resource: 'advertiser', operation: 'getAll', returnAll: true },
					{ credential: 'sandbox' },
				],
				[
					'fail to reach TikTok',
					{
						resource: 'audience',
						operation: 'getAll',
						advertiserId: byId(ADVERTISERS.acmeShoesUs.id),
						returnAll: true,
						options: fast,
					},
				],
				[
					'fail to reach TikTok while listing ad accounts (the URL carries the app secret)',
					{ resource: 'advertiser', operation: 'getAll', returnAll: true, options: fast },
				],
				[
					'fail on a rate limit in the sandbox',
					{
						resource: 'audience',
						operation: 'getAll',
						advertiserId: byId(ADVERTISERS.sandbox.id),
						returnAll: true,
						options: fast,
					},
					{ credential: 'sandbox', credentials: [sandboxCredential(emulator)] },
				],
			];
			for (const [label, parameters, options] of scenarios) {
				emulator.faults.clear();
				if (label === 'fail to reach TikTok') {
					emulator.faults.add({ path: '*', kind: 'reset' });
				}
				if (label.startsWith('fail to reach TikTok while listing ad accounts')) {
					emulator.faults.add({ path: ADVERTISER_LIST_ENDPOINT, kind: 'drop' });
				}
				if (label === 'fail on a rate limit in the sandbox') {
					emulator.faults.add({ path: '*', kind: 'code', code: 40100 });
				}
				runs.push({ label, run: await runTikTok(emulator, parameters, options) });
			}
		});
		after(async () => await emulator.close());

		it('the scenarios ran, and some of them failed', () => {
			assert.ok(runs.some(({ run }) => run.error === undefined));
			assert.ok(runs.filter(({ run }) => run.error !== undefined).length >= 4);
			assert.ok(emulator.requests.some((request) => request.path === ADVERTISER_LIST_ENDPOINT));
		});

		it('in no output item, error message, description or stored execution', () => {
			for (const { label, run } of runs) {
				const texts = [
					JSON.stringify(run.json),
					run.error?.message ?? '',
					String(run.error?.description ?? ''),
					JSON.stringify(run.run),
				];
				for (const [name, secret] of Object.entries(SECRETS)) {
					for (const text of texts) {
						assert.ok(!text.includes(secret), `${name} leaked in "${label}"`);
					}
				}
			}
		});

		it('in no URL TikTok receives, except the app secret where TikTok requires it', () => {
			assert.ok(emulator.requests.length > 10);
			for (const request of emulator.requests) {
				for (const [name, secret] of Object.entries(SECRETS)) {
					if (name === 'app secret' && request.path === ADVERTISER_LIST_ENDPOINT) continue;
					assert.ok(!request.rawUrl.includes(secret), `${name} in ${request.rawUrl}`);
				}
			}
		});

		it('the token travels in the Access-Token header', () => {
			const signed = emulator.requests.filter((request) => request.path.startsWith('/open_api/'));
			assert.ok(signed.length > 0);
			for (const request of signed) {
				assert.ok(
					Object.values(DEFAULT_WORLD.tokens).includes(
						request.headers[
							'access-token'
						] as (typeof DEFAULT_WORLD.tokens)[keyof typeof DEFAULT_WORLD.tokens],
					),
					`${request.path} carries a token header`,
				);
			}
		});
	});

	describe('the OAuth2 token goes only into the Access-Token header', () => {
		let emulator: Emulator;
		before(async () => {
			emulator = await startEmulator();
		});
		after(async () => await emulator.close());

		for (const tokenType of ['bearer', 'mac', 'Bearer', undefined]) {
			it(`whatever token type TikTok's reply stored (${String(tokenType)})`, async () => {
				const stored = { ...tokenData('flat', DEFAULT_WORLD.tokens.production) };
				if (tokenType === undefined) delete stored.token_type;
				else stored.token_type = tokenType;
				const run = await runTikTok(
					emulator,
					{
						resource: 'audience',
						operation: 'getAll',
						advertiserId: byId(ADVERTISERS.acmeShoesUs.id),
					},
					{ credentials: [productionCredential(emulator, stored)] },
				);
				assert.equal(run.error, undefined, run.error?.message);
				const requests = emulator.requests.filter((request) => request.path.includes('/dmp/'));
				assert.ok(requests.length > 0, 'no audience request was recorded');
				for (const request of requests) {
					assert.doesNotMatch(request.rawUrl, /access_token/i);
					assert.equal(request.headers['access-token'], DEFAULT_WORLD.tokens.production);
				}
			});
		}
	});
});
