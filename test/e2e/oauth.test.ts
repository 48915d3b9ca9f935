// The production credential's "Connect my account" flow through a running n8n: owner setup,
// login cookie, credential created over REST, n8n's authorization URL, the emulator's consent
// page, n8n's callback and its code exchange at TikTok's /oauth/token/; then workflows that use
// the connected credentials, run by `n8n execute` once the server has stopped.
import type { IDataObject } from 'n8n-workflow';

import { N8nRest, type N8nServer } from '../n8n/process';
import type { Token } from '../emulator';
import { after, assert, before, describe, it } from '../support/testing';
import {
	accessTokensUsed,
	chainWorkflow,
	E2eInstance,
	manualTrigger,
	nodeOutput,
	PRODUCTION,
	SETUP_TIMEOUT_MS,
	SKIP_E2E,
	TEST_TIMEOUT_MS,
	tikTokNode,
} from './support';
import { E2E_VERSIONS } from '../n8n/install';

const OWNER = {
	email: 'e2e-owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Passw0rd!',
};
const EXCHANGE_PATH = '/open_api/v1.3/oauth/token/';

interface Connected {
	credentialId: string;
	name: string;
	code: string;
	/** The token the emulator issued in this exchange, if it issued one. */
	token?: Token;
	callbackPage: string;
	exchange: IDataObject;
}

// Once per supported n8n (test/n8n/install.ts E2E_VERSIONS): each suite installs and runs its own.
for (const target of E2E_VERSIONS) {
	describe(
		`n8n ${target.n8nVersion} connects the production credential over OAuth2`,
		{ skip: SKIP_E2E },
		() => {
			let instance: E2eInstance;
			let server: N8nServer | undefined;
			let rest: N8nRest;
			const connected: Record<'wrapped' | 'flat' | 'reusedCode', Connected | undefined> = {
				wrapped: undefined,
				flat: undefined,
				reusedCode: undefined,
			};

			const issuedTokens = () =>
				instance.emulator.world
					.tokens()
					.filter((token) => token.label === 'issued by /oauth/token/');

			async function createCredential(name: string): Promise<string> {
				const { emulator } = instance;
				const created = await rest.request<{ id: string; type: string }>(
					'POST',
					'/rest/credentials',
					{
						name,
						type: PRODUCTION,
						data: {
							clientId: emulator.world.app.appId,
							clientSecret: emulator.world.app.secret,
							baseUrl: emulator.url,
						},
					},
				);
				assert.equal(created.type, PRODUCTION);
				return created.id;
			}

			/** n8n's authorization URL for the credential, checked against what TikTok expects. */
			async function authorizationUrl(credentialId: string): Promise<URL> {
				const { emulator } = instance;
				const url = new URL(
					await rest.request<string>('GET', `/rest/oauth2-credential/auth?id=${credentialId}`),
				);
				assert.equal(`${url.origin}${url.pathname}`, `${emulator.url}/portal/auth`);
				assert.equal(url.searchParams.get('app_id'), emulator.world.app.appId);
				assert.equal(url.searchParams.get('client_id'), emulator.world.app.appId);
				assert.equal(url.searchParams.get('response_type'), 'code');
				assert.equal(
					url.searchParams.get('redirect_uri'),
					`${server!.url}/rest/oauth2-credential/callback`,
				);
				assert.ok(url.searchParams.get('state'), 'the authorization URL carries a state');
				return url;
			}

			/** Calls n8n's callback as the browser would after TikTok's redirect (with the cookie). */
			async function callback(redirect: URL): Promise<string> {
				const reply = await rest.fetch(`${redirect.pathname}${redirect.search}`);
				const page = await reply.text();
				assert.equal(reply.status, 200, `the callback answered HTTP ${reply.status}: ${page}`);
				return page;
			}

			/** The whole Connect flow: n8n's URL → TikTok's consent page → n8n's callback. */
			async function connect(name: string): Promise<Connected> {
				const { emulator } = instance;
				const credentialId = await createCredential(name);
				const authUrl = await authorizationUrl(credentialId);
				const consent = await fetch(authUrl, { redirect: 'manual' });
				assert.equal(consent.status, 302, 'the emulator approves at once and redirects');
				const redirect = new URL(consent.headers.get('location') ?? '');
				assert.equal(
					`${redirect.origin}${redirect.pathname}`,
					authUrl.searchParams.get('redirect_uri'),
				);
				const code = redirect.searchParams.get('code') ?? '';
				assert.ok(code, 'the redirect carries code');
				assert.equal(redirect.searchParams.get('auth_code'), code);
				assert.equal(redirect.searchParams.get('state'), authUrl.searchParams.get('state'));

				const tokensBefore = issuedTokens().length;
				const exchangesBefore = emulator.requests.filter((r) => r.path === EXCHANGE_PATH).length;
				const callbackPage = await callback(redirect);
				const exchanges = emulator.requests.filter((r) => r.path === EXCHANGE_PATH);
				assert.equal(exchanges.length, exchangesBefore + 1, 'n8n exchanged the code once');
				const exchange = exchanges.at(-1)!;
				assert.equal(exchange.method, 'POST');
				assert.equal(exchange.response?.httpStatus, 200);
				// A flat reply has no envelope, hence no code.
				assert.equal(
					exchange.response?.code ?? 0,
					0,
					`TikTok refused: ${exchange.response?.message}`,
				);
				const tokens = issuedTokens();
				assert.equal(tokens.length, tokensBefore + 1, 'the emulator issued a token');
				return {
					credentialId,
					name,
					code,
					token: tokens.at(-1),
					callbackPage,
					exchange: exchange.body as IDataObject,
				};
			}

			before(
				async () => {
					instance = await E2eInstance.create(`oauth-${target.n8nVersion}`, target);
					server = await instance.startServer();
					rest = new N8nRest(server.url);
					await rest.setupOwner(OWNER);
					// A fresh client: log in as a returning user would, to get the auth cookie.
					rest = new N8nRest(server.url);
					await rest.login(OWNER.email, OWNER.password);
					assert.match(rest.cookieHeader, /n8n-auth=/);
				},
				{ timeout: SETUP_TIMEOUT_MS },
			);

			after(async () => {
				try {
					await server?.stop();
				} finally {
					await instance?.close();
				}
			});

			it(
				'connects when TikTok answers in its envelope (wrapped)',
				{ timeout: TEST_TIMEOUT_MS },
				async () => {
					instance.emulator.setTokenReplyShape('wrapped');
					const result = await connect('TikTok production, connected (wrapped reply)');
					assert.match(result.callbackPage, /Connection successful/);
					// n8n's OAuth2 client sends TikTok's OAuth-style form body.
					assert.equal(result.exchange.grant_type, 'authorization_code');
					assert.equal(result.exchange.code, result.code);
					assert.equal(result.exchange.client_id, instance.emulator.world.app.appId);
					assert.equal(result.exchange.client_secret, instance.emulator.world.app.secret);
					connected.wrapped = result;
				},
			);

			it('connects when TikTok answers flat', { timeout: TEST_TIMEOUT_MS }, async () => {
				instance.emulator.setTokenReplyShape('flat');
				const result = await connect('TikTok production, connected (flat reply)');
				assert.match(result.callbackPage, /Connection successful/);
				connected.flat = result;
			});

			it(
				'stores TikTok\'s error body when the code was already used (n8n still says "Connection successful")',
				{ timeout: TEST_TIMEOUT_MS },
				async () => {
					const { emulator } = instance;
					const used = connected.wrapped?.code;
					assert.ok(used, 'needs the code of the first Connect test');
					emulator.setTokenReplyShape('wrapped');
					const name = 'TikTok production, connected with a used code';
					const credentialId = await createCredential(name);
					const state = (await authorizationUrl(credentialId)).searchParams.get('state')!;
					const tokensBefore = issuedTokens().length;
					const redirect = new URL(`${server!.url}/rest/oauth2-credential/callback`);
					redirect.search = new URLSearchParams({ code: used, auth_code: used, state }).toString();
					const callbackPage = await callback(redirect);
					const exchange = emulator.requests.filter((r) => r.path === EXCHANGE_PATH).at(-1)!;
					assert.equal(exchange.response?.httpStatus, 200);
					assert.equal(exchange.response?.code, 40110, 'TikTok refuses a used code');
					assert.equal(issuedTokens().length, tokensBefore, 'no token was issued');
					// Neither n8n tells an HTTP 200 error body from a token: the node has to.
					assert.match(callbackPage, /Connection successful/);
					connected.reusedCode = {
						credentialId,
						name,
						code: used,
						callbackPage,
						exchange: exchange.body as IDataObject,
					};
				},
			);

			describe('workflows using the connected credentials (n8n execute)', () => {
				const workflowId = (kind: keyof typeof connected) => `e2eOauth${kind}`.slice(0, 21);

				before(
					async () => {
						// `n8n execute` opens the same database: stop the server first.
						await server?.stop();
						server = undefined;
						const workflows = (Object.keys(connected) as Array<keyof typeof connected>)
							.filter((kind) => connected[kind])
							.map((kind) => {
								const credential = connected[kind]!;
								return chainWorkflow(workflowId(kind), `E2E OAuth2 (${kind})`, [
									manualTrigger(),
									tikTokNode(
										'List Advertisers',
										{ id: credential.credentialId, name: credential.name, type: PRODUCTION },
										{ resource: 'advertiser', operation: 'getAll', returnAll: true },
										[220, 0],
									),
								]);
							});
						if (workflows.length > 0) await instance.importWorkflows(workflows);
					},
					{ timeout: TEST_TIMEOUT_MS },
				);

				for (const kind of ['wrapped', 'flat'] as const) {
					it(
						`lists the authorized ad accounts with the token from the ${kind} reply`,
						{ timeout: TEST_TIMEOUT_MS },
						async () => {
							const credential = connected[kind];
							assert.ok(credential?.token, `needs the ${kind} Connect test`);
							const { result, requests } = await instance.executeOk(workflowId(kind));
							const advertisers = nodeOutput(result, 'List Advertisers');
							assert.deepEqual(
								advertisers.map((advertiser) => advertiser.advertiser_id).sort(),
								[...credential.token.advertiserIds].sort(),
							);
							assert.ok(requests.length > 0, 'n8n sent no request to the emulator');
							assert.deepEqual(
								new Set(accessTokensUsed(requests)),
								new Set([credential.token.accessToken]),
								'every request carried the issued token in Access-Token',
							);
						},
					);
				}

				it(
					'fails with "reconnect the credential" after the refused exchange',
					{ timeout: TEST_TIMEOUT_MS },
					async () => {
						assert.ok(connected.reusedCode, 'needs the used-code Connect test');
						const { cli, result, requests } = await instance.execute(workflowId('reusedCode'));
						const output = `${cli.stdout}\n${cli.stderr}`;
						assert.equal(cli.code, 1, `the workflow should fail:\n${output.slice(-2000)}`);
						const error = result?.data.resultData.error;
						assert.ok(error, `n8n printed no failed run:\n${output.slice(-2000)}`);
						assert.equal(result?.data.resultData.lastNodeExecuted, 'List Advertisers');
						assert.match(error.message ?? '', /holds no access token: reconnect the credential/);
						assert.match(
							error.message ?? '',
							/TikTok said: "The auth_code is invalid[^"]*" \(code 40110\)/,
						);
						// The same message is what n8n prints as the execution error.
						assert.match(output, /Execution error:[\s\S]*reconnect the credential/);
						assert.equal(requests.length, 0, 'the node sends nothing without a token');
					},
				);
			});
		},
	);
}
