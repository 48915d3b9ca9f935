import { useEmulator } from '../../support/emulator';
import { assert, describe, it } from '../../support/testing';
import { ALL_SCOPES, DEFAULT_WORLD } from '../../emulator/seed';
import type { Emulator } from '../../emulator/server';
import { startEmulator } from '../../emulator/server';
import { API, US, getApi } from '../test-helpers';

const app = DEFAULT_WORLD.app;
const REDIRECT = 'http://localhost:5678/rest/oauth2-credential/callback';

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
