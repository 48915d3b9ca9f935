import { useEmulator } from '../../support/emulator';
import { assert, describe, it } from '../../support/testing';
import { DEFAULT_WORLD } from '../../emulator/seed';
import type { Emulator } from '../../emulator/server';
import { startEmulator } from '../../emulator/server';
import {
	API,
	OUTLET,
	TOKENS,
	US,
	emailDigests,
	getApi,
	postApi,
	uploadDigests,
} from '../test-helpers';
import type { RecordedRequest } from '../../emulator/types';

describe('emulator: control API and request recording', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	async function control(
		method: string,
		name: string,
		body?: unknown,
	): Promise<{ status: number; json: unknown }> {
		const response = await fetch(`${emulator.url}/__emulator/${name}`, {
			method,
			headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return { status: response.status, json: await response.json() };
	}

	it('GET state summarises the world without secrets', async () => {
		const { status, json } = await control('GET', 'state');
		assert.equal(status, 200);
		const state = json as {
			url: string;
			tokenReplyShape: string;
			advertisers: unknown[];
			audiences: Array<{ audienceId: string; memberCount: number }>;
			tokens: Array<Record<string, unknown>>;
			counters: Record<string, number>;
		};
		assert.equal(state.url, emulator.url);
		assert.equal(state.tokenReplyShape, 'wrapped');
		assert.equal(state.advertisers.length, 5);
		assert.equal(
			state.audiences.find(
				(audience) => audience.audienceId === DEFAULT_WORLD.audiences.newsletter.id,
			)?.memberCount,
			1500,
		);
		assert.equal(JSON.stringify(state.tokens).includes(TOKENS.production), false);
		assert.equal(state.counters.audiencesCreated, 0);
	});

	it('GET requests lists recorded requests; control calls are not recorded', async () => {
		await getApi(emulator, '/user/info/');
		await uploadDigests(emulator, emailDigests(3));
		const { json } = await control('GET', 'requests');
		const requests = json as RecordedRequest[];
		assert.equal(requests.length, 2);
		assert.equal(requests[0].path, `${API}/user/info/`);
		assert.equal(requests[0].environment, 'production');
		assert.equal(requests[0].headers['access-token'], TOKENS.production);
		assert.deepEqual(requests[0].response, { httpStatus: 200, code: 0, message: 'OK' });
		const upload = requests[1].body as Record<string, unknown>;
		assert.equal(upload.advertiser_id, US);
		assert.deepEqual(Object.keys(upload.file as object).sort(), ['md5', 'name', 'size']);
	});

	it('records the query as given, arrays for repeated keys', async () => {
		await fetch(
			`${emulator.url}${API}/dmp/custom_audience/get/?advertiser_id=${US}&custom_audience_ids=1&custom_audience_ids=2`,
			{
				headers: { 'Access-Token': TOKENS.production },
			},
		);
		const [request] = emulator.requests;
		assert.deepEqual(request.query, { advertiser_id: US, custom_audience_ids: ['1', '2'] });
		assert.equal(request.response?.code, 40002);
	});

	it('POST faults adds a rule, DELETE faults clears them', async () => {
		const added = await control('POST', 'faults', { path: '*', kind: 'code', code: 40100, nth: 1 });
		assert.equal(added.status, 200);
		assert.match((added.json as { id: string }).id, /^fault-/);
		assert.equal((await getApi(emulator, '/user/info/')).code, 40100);
		assert.equal((await getApi(emulator, '/user/info/')).code, 0);
		const invalid = await control('POST', 'faults', { path: '*', kind: 'explode' });
		assert.equal(invalid.status, 400);
		await control('POST', 'faults', { path: '*', kind: 'code', code: 50000 });
		await control('DELETE', 'faults');
		assert.equal((await getApi(emulator, '/user/info/')).code, 0);
	});

	it('POST token-reply-shape switches the shape; POST reset restores everything', async () => {
		const switched = await control('POST', 'token-reply-shape', { shape: 'flat' });
		assert.deepEqual(switched.json, { shape: 'flat' });
		assert.equal(
			((await control('GET', 'state')).json as { tokenReplyShape: string }).tokenReplyShape,
			'flat',
		);
		const bad = await control('POST', 'token-reply-shape', { shape: 'nested' });
		assert.equal(bad.status, 400);

		await postApi(emulator, '/dmp/custom_audience/delete/', {
			advertiser_id: US,
			custom_audience_ids: [DEFAULT_WORLD.audiences.recentBuyers.id],
		});
		assert.equal(emulator.world.audience(DEFAULT_WORLD.audiences.recentBuyers.id), undefined);
		await control('POST', 'reset');
		assert.ok(emulator.world.audience(DEFAULT_WORLD.audiences.recentBuyers.id));
		assert.equal(emulator.requests.length, 0);
		assert.equal(
			((await control('GET', 'state')).json as { tokenReplyShape: string }).tokenReplyShape,
			'wrapped',
		);
	});

	it('POST audiences adds bulk audiences for paging; bad input is a 400', async () => {
		const added = await control('POST', 'audiences', {
			advertiserId: OUTLET,
			count: 250,
			namePrefix: 'Paging',
		});
		assert.deepEqual(added, { status: 200, json: { created: 250 } });
		const listed = await getApi<{
			list: Array<{ name: string }>;
			page_info: { total_number: number };
		}>(emulator, '/dmp/custom_audience/list/', { advertiser_id: OUTLET, page_size: 100 });
		assert.equal(listed.data.page_info.total_number, 250);
		assert.ok(listed.data.list.every((audience) => audience.name.startsWith('Paging ')));

		assert.equal((await control('POST', 'audiences', { advertiserId: '1', count: 5 })).status, 400);
		assert.equal(
			(await control('POST', 'audiences', { advertiserId: OUTLET, count: 0 })).status,
			400,
		);
		assert.equal(
			(await control('POST', 'audiences', { advertiserId: OUTLET, count: 2, namePrefix: 7 }))
				.status,
			400,
		);
		assert.equal(emulator.world.audiences(OUTLET).length, 250);
	});

	it('POST ad-groups adds ad groups of an advertiser and returns their IDs; bad input is a 400', async () => {
		const added = await control('POST', 'ad-groups', { advertiserId: OUTLET, count: 3 });
		assert.equal(added.status, 200);
		const { adGroupIds } = added.json as { adGroupIds: string[] };
		assert.equal(new Set(adGroupIds).size, 3);
		for (const id of adGroupIds) {
			assert.equal(emulator.world.adGroup(id)?.advertiserId, OUTLET);
		}
		assert.equal((await control('POST', 'ad-groups', { advertiserId: '1', count: 5 })).status, 400);
		assert.equal(
			(await control('POST', 'ad-groups', { advertiserId: OUTLET, count: 0 })).status,
			400,
		);
	});

	it('the control API is not on the sandbox listener', async () => {
		const response = await fetch(`${emulator.sandboxUrl}/__emulator/state`);
		assert.equal(response.status, 404);
	});

	it("seed 'empty' keeps only the developer app", async () => {
		const empty = await startEmulator({ seed: 'empty' });
		try {
			assert.equal(empty.world.advertisers().length, 0);
			assert.equal(empty.world.tokens().length, 0);
			assert.equal(empty.world.app.appId, DEFAULT_WORLD.app.appId);
			const [advertiser] = empty.world.addAdvertisers(1);
			const token = empty.world.addToken({ advertiserIds: [advertiser.advertiserId] });
			const reply = await getApi(
				empty,
				'/advertiser/info/',
				{ advertiser_ids: [advertiser.advertiserId] },
				{
					token: token.accessToken,
				},
			);
			assert.equal(reply.code, 0);
		} finally {
			await empty.close();
		}
	});
});
