import type { Emulator } from '../emulator';
import { useEmulator } from '../support/emulator';
import { assert, describe, it } from '../support/testing';
import { ADVERTISERS, byId, FAST_RETRY, runTikTok } from '../support/tiktok';

// Return All writes page after page into the output and reads the fewest pages of 100
// (dmp_custom_audience_list.yml: page_size 1-100). The bench runs it over 150,000 audiences; here
// 10,000 keep the emulator, which scans its whole store per page, to a few seconds.

// Acme Outlet owns no seeded audiences: its list holds exactly the audiences a test adds.
const OUTLET = ADVERTISERS.acmeOutlet.id;
const LIST = '/open_api/v1.3/dmp/custom_audience/list/';
const AUDIENCES = 10_000;

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

describe('Get Many with Return All', () => {
	let emulator: Emulator;
	useEmulator((started) => (emulator = started));

	it(`returns all ${AUDIENCES.toLocaleString('en-US')} audiences in ${AUDIENCES / 100} pages`, async () => {
		const audiences = emulator.world.addAudiences(OUTLET, AUDIENCES);
		const started = Date.now();
		const run = await runTikTok(emulator, getAll());
		assert.equal(run.error, undefined, run.error?.message);
		assert.equal(run.json.length, AUDIENCES);
		assert.equal(listCalls(emulator).length, AUDIENCES / 100);
		// Newest first, as TikTok lists them.
		assert.equal(run.json[0].audience_id, audiences[AUDIENCES - 1].audienceId);
		assert.equal(run.json[AUDIENCES - 1].audience_id, audiences[0].audienceId);
		assert.equal(new Set(run.json.map((json) => json.audience_id)).size, AUDIENCES);
		assert.deepEqual(run.output[AUDIENCES - 1].pairedItem, { item: 0 });
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
