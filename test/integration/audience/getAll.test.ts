import type { Emulator } from '../../emulator';
import { useEmulator } from '../../support/emulator';
import { calls, OUTLET, US } from '../../support/operations';
import { assert, describe, it } from '../../support/testing';
import { AUDIENCES, byId, FAST_RETRY, runTikTok } from '../../support/tiktok';

// Return All writes page after page into the output and reads the fewest pages of 100
// (dmp_custom_audience_list.yml: page_size 1-100). The bench runs it over 150,000 audiences; here
// 10,000 keep the emulator, which scans its whole store per page, to a few seconds.

const LIST = '/open_api/v1.3/dmp/custom_audience/list/';
const AUDIENCE_COUNT = 10_000;

const listCalls = (emulator: Emulator) =>
	emulator.requests.filter((request) => request.path === LIST);

const getAll = (extra: Record<string, unknown> = {}) => ({
	resource: 'audience',
	operation: 'getAll',
	advertiserId: byId(OUTLET),
	returnAll: true,
	options: FAST_RETRY,
	...extra,
});

describe('Audience → Get Many', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	it('pages through every audience with Return All', async () => {
		emulator.world.addAudiences(US, 230);
		const run = await runTikTok(emulator, {
			resource: 'audience',
			operation: 'getAll',
			advertiserId: byId(US),
			returnAll: true,
		});
		assert.equal(run.error, undefined);
		const visible = emulator.world.visibleAudiences(US).length;
		assert.equal(run.json.length, visible);
		assert.equal(new Set(run.json.map((audience) => audience.audience_id)).size, visible);
		const pages = calls(emulator, '/dmp/custom_audience/list/');
		assert.equal(pages.length, Math.ceil(visible / 100));
		assert.ok(pages.every((page) => page.query.page_size === '100'));
	});

	it('stops at the limit with a single page request', async () => {
		emulator.world.addAudiences(US, 230);
		const run = await runTikTok(emulator, {
			resource: 'audience',
			operation: 'getAll',
			advertiserId: byId(US),
			returnAll: false,
			limit: 7,
		});
		assert.equal(run.json.length, 7);
		assert.equal(calls(emulator, '/dmp/custom_audience/list/').length, 1);
	});

	it('filters by audience IDs', async () => {
		const run = await runTikTok(emulator, {
			resource: 'audience',
			operation: 'getAll',
			advertiserId: byId(US),
			returnAll: true,
			filters: { audienceIds: `${AUDIENCES.newsletter.id}, ${AUDIENCES.recentBuyers.id}` },
		});
		assert.deepEqual(run.json.map((audience) => audience.audience_id).sort(), [
			AUDIENCES.newsletter.id,
			AUDIENCES.recentBuyers.id,
		]);
		const [request] = calls(emulator, '/dmp/custom_audience/list/');
		assert.equal(
			request.query.custom_audience_ids,
			JSON.stringify([AUDIENCES.newsletter.id, AUDIENCES.recentBuyers.id]),
		);
	});

	describe('Return All', () => {
		it(`returns all ${AUDIENCE_COUNT.toLocaleString('en-US')} audiences in ${AUDIENCE_COUNT / 100} pages`, async () => {
			const audiences = emulator.world.addAudiences(OUTLET, AUDIENCE_COUNT);
			const started = Date.now();
			const run = await runTikTok(emulator, getAll());
			assert.equal(run.error, undefined, run.error?.message);
			assert.equal(run.json.length, AUDIENCE_COUNT);
			assert.equal(listCalls(emulator).length, AUDIENCE_COUNT / 100);
			// Newest first, as TikTok lists them.
			assert.equal(run.json[0].audience_id, audiences[AUDIENCE_COUNT - 1].audienceId);
			assert.equal(run.json[AUDIENCE_COUNT - 1].audience_id, audiences[0].audienceId);
			assert.equal(new Set(run.json.map((json) => json.audience_id)).size, AUDIENCE_COUNT);
			assert.deepEqual(run.output[AUDIENCE_COUNT - 1].pairedItem, { item: 0 });
			const seconds = (Date.now() - started) / 1000;
			assert.ok(seconds < 30, `took ${seconds.toFixed(1)} s`);
		});

		it('a page that fails late outputs only the error, not the pages before it', async () => {
			emulator.world.addAudiences(OUTLET, 350);
			// The third list call (page 3) and every retry of it fail with a server error.
			emulator.faults.add({
				path: LIST,
				nth: 3,
				times: 100,
				kind: 'httpStatus',
				status: 503,
			} as never);
			const run = await runTikTok(emulator, getAll(), { continueOnFail: true });
			assert.equal(run.json.length, 1);
			assert.ok(run.json[0].error, 'the error item');
			assert.deepEqual(run.output[0].pairedItem, { item: 0 });
		});
	});
});
