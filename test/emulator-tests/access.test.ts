import { useEmulator } from '../support/emulator';
import { assert, describe, it } from '../support/testing';
import { DEFAULT_WORLD } from '../emulator/seed';
import type { Emulator } from '../emulator/server';
import { EU, OTHER, SANDBOX, TOKENS, US, getApi, getRaw } from './test-helpers';

const app = DEFAULT_WORLD.app;

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
