import { useEmulator } from '../support/emulator';
import { assert, describe, it } from '../support/testing';
import { ALL_SCOPES, DEFAULT_WORLD } from './seed';
import type { Emulator } from './server';
import { startEmulator } from './server';
import { ADVERTISER_INFO_FIELDS } from './spec';
import { API, EU, OTHER, OUTLET, SANDBOX, TOKENS, US, getApi, getRaw } from './test-helpers';

const app = DEFAULT_WORLD.app;
const REDIRECT = 'http://localhost:5678/rest/oauth2-credential/callback';

type InfoList = { list: Array<Record<string, unknown>> };

describe('emulator: access token, scope and advertiser checks', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	const listQuery = { advertiser_id: US };

	it('answers errors as HTTP 200 with the envelope and a request_id', async () => {
		const reply = await getApi(emulator, '/dmp/custom_audience/list/', listQuery, { token: null });
		assert.equal(reply.status, 200);
		assert.deepEqual(Object.keys(reply.body).sort(), ['code', 'data', 'message', 'request_id']);
		assert.deepEqual(reply.data, {});
		assert.match(reply.requestId, /^\d{31}$/);
	});

	it('missing Access-Token header: 40104', async () => {
		const reply = await getApi(emulator, '/dmp/custom_audience/list/', listQuery, { token: null });
		assert.equal(reply.code, 40104);
		assert.match(reply.message, /Access-Token/);
	});

	it('unknown token: 40105', async () => {
		const reply = await getApi(emulator, '/dmp/custom_audience/list/', listQuery, {
			token: 'not-a-token',
		});
		assert.equal(reply.code, 40105);
	});

	it('revoked token: 40102', async () => {
		const reply = await getApi(emulator, '/dmp/custom_audience/list/', listQuery, {
			token: TOKENS.revoked,
		});
		assert.equal(reply.code, 40102);
	});

	it('a production token on the sandbox listener and vice versa: 40105', async () => {
		const onSandbox = await getApi(emulator, '/user/info/', {}, { sandbox: true });
		assert.equal(onSandbox.code, 40105);
		const onProduction = await getApi(emulator, '/user/info/', {}, { token: TOKENS.sandbox });
		assert.equal(onProduction.code, 40105);
	});

	it('a token in the query string is refused with 40002, even with a valid header', async () => {
		const reply = await getRaw(
			emulator,
			`/dmp/custom_audience/list/?advertiser_id=${US}&Access-Token=${TOKENS.production}`,
		);
		assert.equal(reply.code, 40002);
		assert.match(reply.message, /header/);
		const withoutHeader = await getRaw(emulator, `/user/info/?Access-Token=${TOKENS.production}`, {
			token: null,
		});
		assert.equal(withoutHeader.code, 40002);
	});

	it('a token without the endpoint scope: 40001', async () => {
		const reply = await getApi(emulator, '/dmp/custom_audience/list/', listQuery, {
			token: TOKENS.readOnly,
		});
		assert.equal(reply.code, 40001);
		assert.match(reply.message, /scope 30/);
		const info = await getApi(
			emulator,
			'/advertiser/info/',
			{ advertiser_ids: [US] },
			{ token: TOKENS.readOnly },
		);
		assert.equal(info.code, 0);
	});

	it('an advertiser the token is not authorized for: 40001 naming it', async () => {
		const reply = await getApi(emulator, '/dmp/custom_audience/list/', { advertiser_id: OTHER });
		assert.equal(reply.code, 40001);
		assert.ok(reply.message.includes(OTHER));
		const unknown = await getApi(emulator, '/dmp/custom_audience/list/', {
			advertiser_id: '7399999999999999999',
		});
		assert.equal(unknown.code, 40001);
	});

	it('user/info returns the token owner on both listeners', async () => {
		const production = await getApi(emulator, '/user/info/');
		assert.equal(production.code, 0);
		assert.deepEqual(production.data, {
			core_user_id: DEFAULT_WORLD.users.production.coreUserId,
			display_name: DEFAULT_WORLD.users.production.displayName,
			email: DEFAULT_WORLD.users.production.email,
		});
		const sandbox = await getApi(
			emulator,
			'/user/info/',
			{},
			{ sandbox: true, token: TOKENS.sandbox },
		);
		assert.equal(sandbox.code, 0);
		assert.equal(
			(sandbox.data as { core_user_id: string }).core_user_id,
			DEFAULT_WORLD.users.sandbox.coreUserId,
		);
	});

	describe('oauth2/advertiser/get', () => {
		it("lists the token's advertisers", async () => {
			const reply = await getApi<{
				list: Array<{ advertiser_id: string; advertiser_name: string }>;
			}>(emulator, '/oauth2/advertiser/get/', { app_id: app.appId, secret: app.secret });
			assert.equal(reply.code, 0);
			assert.deepEqual(
				reply.data.list.map((entry) => entry.advertiser_id),
				DEFAULT_WORLD.authorizingAdvertiserIds,
			);
			assert.equal(reply.data.list[0].advertiser_name, 'Acme Shoes US');
		});

		it('wrong app_id or secret: 40101', async () => {
			const reply = await getApi(emulator, '/oauth2/advertiser/get/', {
				app_id: app.appId,
				secret: 'wrong',
			});
			assert.equal(reply.code, 40101);
		});

		it('missing secret: 40002', async () => {
			const reply = await getApi(emulator, '/oauth2/advertiser/get/', { app_id: app.appId });
			assert.equal(reply.code, 40002);
			assert.equal(reply.message, 'secret: is required');
		});

		it('on the sandbox listener: 40014', async () => {
			const reply = await getApi(
				emulator,
				'/oauth2/advertiser/get/',
				{ app_id: app.appId, secret: app.secret },
				{ sandbox: true, token: TOKENS.sandbox },
			);
			assert.equal(reply.code, 40014);
		});

		it('lists 250 bulk advertisers authorized later', async () => {
			emulator.world.addAdvertisers(250, { authorizeToken: TOKENS.production });
			const reply = await getApi<{ list: unknown[] }>(emulator, '/oauth2/advertiser/get/', {
				app_id: app.appId,
				secret: app.secret,
			});
			assert.equal(reply.data.list.length, 253);
		});
	});

	it('sandbox advertiser data is reachable only with the sandbox token on the sandbox listener', async () => {
		const reply = await getApi(
			emulator,
			'/dmp/custom_audience/list/',
			{ advertiser_id: SANDBOX },
			{ sandbox: true, token: TOKENS.sandbox },
		);
		assert.equal(reply.code, 0);
		const notAuthorized = await getApi(
			emulator,
			'/dmp/custom_audience/list/',
			{ advertiser_id: EU },
			{ sandbox: true, token: TOKENS.sandbox },
		);
		assert.equal(notAuthorized.code, 40001);
	});
});

describe('emulator: OAuth authorization page and token exchange', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	async function authorize(query: Record<string, string>, base = emulator.url): Promise<Response> {
		return await fetch(`${base}/portal/auth?${new URLSearchParams(query).toString()}`, {
			redirect: 'manual',
		});
	}

	async function obtainCode(): Promise<string> {
		const response = await authorize({ app_id: app.appId, redirect_uri: REDIRECT, state: 's' });
		const code = new URL(response.headers.get('location') ?? '').searchParams.get('code');
		assert.ok(code);
		return code;
	}

	async function exchange(
		fields: Record<string, string>,
		contentType: 'form' | 'json' = 'form',
	): Promise<Record<string, unknown>> {
		const response = await fetch(`${emulator.url}${API}/oauth/token/`, {
			method: 'POST',
			headers: {
				'Content-Type':
					contentType === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
			},
			body:
				contentType === 'form' ? new URLSearchParams(fields).toString() : JSON.stringify(fields),
		});
		assert.equal(response.status, 200);
		return (await response.json()) as Record<string, unknown>;
	}

	function n8nTokenRequest(code: string): Record<string, string> {
		return {
			client_id: app.appId,
			client_secret: app.secret,
			code,
			grant_type: 'authorization_code',
			redirect_uri: REDIRECT,
		};
	}

	it('redirects with code, auth_code (same value) and state, keeping n8n extras harmless', async () => {
		const response = await authorize({
			app_id: app.appId,
			client_id: app.appId,
			redirect_uri: REDIRECT,
			response_type: 'code',
			state: 'opaque-state',
		});
		assert.equal(response.status, 302);
		const location = new URL(response.headers.get('location') ?? '');
		assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
		const code = location.searchParams.get('code');
		assert.ok(code);
		assert.equal(location.searchParams.get('auth_code'), code);
		assert.equal(location.searchParams.get('state'), 'opaque-state');
		assert.equal(emulator.world.counters.authCodesIssued, 1);
	});

	it('unknown app or disallowed redirect: an HTML 400 page', async () => {
		const unknownApp = await authorize({ app_id: '1', redirect_uri: REDIRECT });
		assert.equal(unknownApp.status, 400);
		assert.match(unknownApp.headers.get('content-type') ?? '', /text\/html/);
		const remote = await authorize({ app_id: app.appId, redirect_uri: 'https://evil.example/cb' });
		assert.equal(remote.status, 400);
		assert.match(await remote.text(), /not registered/);
	});

	it('the redirect allowlist can be replaced', async () => {
		emulator.world.setRedirectUris(['https://n8n.example/rest/oauth2-credential/callback']);
		const local = await authorize({ app_id: app.appId, redirect_uri: REDIRECT });
		assert.equal(local.status, 400);
		const listed = await authorize({
			app_id: app.appId,
			redirect_uri: 'https://n8n.example/rest/oauth2-credential/callback',
		});
		assert.equal(listed.status, 302);
	});

	it('the page does not exist on the sandbox listener', async () => {
		const response = await authorize(
			{ app_id: app.appId, redirect_uri: REDIRECT },
			emulator.sandboxUrl,
		);
		assert.equal(response.status, 404);
	});

	it('wrapped reply by default; the issued token works; codes are single-use', async () => {
		const code = await obtainCode();
		const reply = await exchange(n8nTokenRequest(code));
		assert.equal(reply.code, 0);
		assert.equal(reply.message, 'OK');
		assert.equal(typeof reply.request_id, 'string');
		const data = reply.data as { access_token: string; advertiser_ids: string[]; scope: number[] };
		assert.deepEqual(data.advertiser_ids, DEFAULT_WORLD.authorizingAdvertiserIds);
		assert.deepEqual(data.scope, ALL_SCOPES);
		const info = await getApi(
			emulator,
			'/advertiser/info/',
			{ advertiser_ids: [US] },
			{
				token: data.access_token,
			},
		);
		assert.equal(info.code, 0);

		const again = await exchange(n8nTokenRequest(code));
		assert.equal(again.code, 40110);
		assert.deepEqual(again.data, {});
		assert.equal(emulator.world.counters.tokensIssued, 1);
	});

	it('flat reply when configured, set at start or later', async () => {
		emulator.setTokenReplyShape('flat');
		const reply = await exchange(n8nTokenRequest(await obtainCode()));
		assert.equal(typeof reply.access_token, 'string');
		assert.equal(reply.token_type, 'bearer');
		assert.deepEqual(reply.advertiser_ids, DEFAULT_WORLD.authorizingAdvertiserIds);
		assert.equal(reply.code, undefined);
		assert.equal('expires_in' in reply, false);

		const flatFromStart = await startEmulator({ tokenReplyShape: 'flat' });
		try {
			assert.ok(flatFromStart.url);
		} finally {
			await flatFromStart.close();
		}
	});

	it('failures stay HTTP 200 envelopes whatever the shape: 40101, 40108, 40110', async () => {
		emulator.setTokenReplyShape('flat');
		const code = await obtainCode();
		const badSecret = await exchange({ ...n8nTokenRequest(code), client_secret: 'nope' });
		assert.equal(badSecret.code, 40101);
		assert.equal(badSecret.access_token, undefined);
		const badGrant = await exchange({ ...n8nTokenRequest(code), grant_type: 'client_credentials' });
		assert.equal(badGrant.code, 40108);
		const badCode = await exchange(n8nTokenRequest('unknown-code'));
		assert.equal(badCode.code, 40110);
		for (const reply of [badSecret, badGrant, badCode]) {
			assert.deepEqual(Object.keys(reply).sort(), ['code', 'data', 'message', 'request_id']);
		}
	});

	it('accepts a JSON body and HTTP Basic client credentials', async () => {
		const json = await exchange(n8nTokenRequest(await obtainCode()), 'json');
		assert.equal(json.code, 0);
		const code = await obtainCode();
		const response = await fetch(`${emulator.url}${API}/oauth/token/`, {
			method: 'POST',
			headers: {
				'Content-Type': 'application/x-www-form-urlencoded',
				Authorization: `Basic ${Buffer.from(`${app.appId}:${app.secret}`).toString('base64')}`,
			},
			body: new URLSearchParams({ code, grant_type: 'authorization_code' }).toString(),
		});
		assert.equal(((await response.json()) as { code: number }).code, 0);
	});

	it('a code expires after one hour', async () => {
		const code = await obtainCode();
		emulator.world.advanceClock(60 * 60 * 1000 + 1);
		const reply = await exchange(n8nTokenRequest(code));
		assert.equal(reply.code, 40110);
	});

	it('the grant is configurable', async () => {
		emulator.world.authorizationGrant = { advertiserIds: [US], scopes: [100] };
		const reply = await exchange(n8nTokenRequest(await obtainCode()));
		const data = reply.data as { access_token: string; advertiser_ids: string[]; scope: number[] };
		assert.deepEqual(data.advertiser_ids, [US]);
		const list = await getApi(
			emulator,
			'/dmp/custom_audience/list/',
			{ advertiser_id: US },
			{
				token: data.access_token,
			},
		);
		assert.equal(list.code, 40001);
	});

	it('token exchange is not served by the sandbox listener: 40014', async () => {
		const response = await fetch(`${emulator.sandboxUrl}${API}/oauth/token/`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(n8nTokenRequest('x')).toString(),
		});
		assert.equal(((await response.json()) as { code: number }).code, 40014);
	});
});

describe('emulator: advertiser/info', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	it('returns every field but company_name_editable when fields is left out', async () => {
		const reply = await getApi<InfoList>(emulator, '/advertiser/info/', {
			advertiser_ids: [US, EU, OUTLET],
		});
		assert.equal(reply.code, 0);
		assert.deepEqual(
			reply.data.list.map((advertiser) => advertiser.name),
			['Acme Shoes US', 'Acme Shoes EU', 'Acme Outlet'],
		);
		const first = reply.data.list[0];
		assert.deepEqual(
			Object.keys(first).sort(),
			ADVERTISER_INFO_FIELDS.filter((field) => field !== 'company_name_editable').sort(),
		);
		assert.equal(first.advertiser_id, US);
		assert.equal(first.status, 'STATUS_ENABLE');
		assert.equal(first.role, 'ROLE_ADVERTISER');
		assert.equal(first.currency, 'USD');
		assert.equal(first.owner_bc_id, DEFAULT_WORLD.businessCenters.acmeGroup.id);
		assert.equal(typeof first.balance, 'number');
		assert.equal(typeof first.create_time, 'number');
		assert.match(String(first.email), /\*\*\*/);
	});

	it('returns exactly the requested fields, without an unasked advertiser_id', async () => {
		const reply = await getApi<InfoList>(emulator, '/advertiser/info/', {
			advertiser_ids: [EU],
			fields: ['name', 'currency', 'timezone'],
		});
		assert.deepEqual(reply.data.list, [
			{ name: 'Acme Shoes EU', currency: 'EUR', timezone: 'Europe/Amsterdam' },
		]);
	});

	it('company_name_editable comes back alone', async () => {
		const reply = await getApi<InfoList>(emulator, '/advertiser/info/', {
			advertiser_ids: [US],
			fields: ['name', 'company_name_editable'],
		});
		assert.deepEqual(reply.data.list, [{ advertiser_id: US, company_name_editable: false }]);
	});

	it('an unknown field: 40002', async () => {
		const reply = await getApi(emulator, '/advertiser/info/', {
			advertiser_ids: [US],
			fields: ['name', 'budget'],
		});
		assert.equal(reply.code, 40002);
		assert.match(reply.message, /^fields\[1\]: must be one of .*; got "budget"$/);
	});

	it('an advertiser the token cannot access: 40001 naming it', async () => {
		const reply = await getApi(emulator, '/advertiser/info/', { advertiser_ids: [US, OTHER] });
		assert.equal(reply.code, 40001);
		assert.ok(reply.message.includes(OTHER));
	});

	it('works on the sandbox listener for the sandbox advertiser', async () => {
		const reply = await getApi<InfoList>(
			emulator,
			'/advertiser/info/',
			{ advertiser_ids: [SANDBOX], fields: ['name', 'currency'] },
			{ sandbox: true, token: TOKENS.sandbox },
		);
		assert.equal(reply.code, 0);
		assert.equal(reply.data.list[0].name, 'Sandbox Ad Account');
		const production = await getApi(emulator, '/advertiser/info/', { advertiser_ids: [SANDBOX] });
		assert.equal(production.code, 40001);
	});

	it('serves 250 bulk advertisers in batches of 100', async () => {
		const added = emulator.world.addAdvertisers(250, { authorizeToken: TOKENS.production });
		const ids = added.map((advertiser) => advertiser.advertiserId);
		assert.equal(new Set(ids).size, 250);
		assert.ok(
			ids.every((id) => /^\d{19}$/.test(id) && BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER)),
		);
		const names: unknown[] = [];
		for (let start = 0; start < ids.length; start += 100) {
			const reply = await getApi<InfoList>(emulator, '/advertiser/info/', {
				advertiser_ids: ids.slice(start, start + 100),
				fields: ['name'],
			});
			assert.equal(reply.code, 0);
			names.push(...reply.data.list.map((advertiser) => advertiser.name));
		}
		assert.equal(names.length, 250);
		assert.equal(names[0], 'Bulk Advertiser 001');
	});
});
