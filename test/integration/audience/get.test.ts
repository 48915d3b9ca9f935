import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../emulator';
import { useEmulator } from '../../support/emulator';
import {
	assertNodeError,
	audienceCalls,
	audienceParameters,
	calls,
	US,
} from '../../support/operations';
import { assert, describe, it } from '../../support/testing';
import {
	AUDIENCES,
	audienceOperation,
	byId,
	FAST_RETRY,
	idFromItem,
	runTikTok,
} from '../../support/tiktok';

describe('Audience → Get', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	it('gets details and history, simplified by default', async () => {
		const run = await runTikTok(emulator, audienceParameters('get'));
		assert.equal(run.error, undefined);
		const audience = run.json[0];
		assert.equal(audience.audience_id, AUDIENCES.newsletter.id);
		assert.equal(audience.name, AUDIENCES.newsletter.name);
		assert.equal(audience.cover_num, AUDIENCES.newsletter.size);
		assert.ok(Array.isArray(audience.history) && audience.history.length > 0);
		assert.equal(audience.owner_id, undefined, 'simplified output leaves out other fields');
	});

	it('gets every field with Simplify off', async () => {
		const run = await runTikTok(emulator, audienceParameters('get', { simplify: false }));
		assert.equal(run.json[0].owner_id, US);
	});

	describe('batching', () => {
		// Items that can share a request share it, and each keeps its own output, pairing and error.

		it('Get: 150 items make two requests of up to 100 IDs; an unknown ID fails alone', async () => {
			const audiences = emulator.world.addAudiences(US, 149, { namePrefix: 'Batch' });
			const ids = [...audiences.map((audience) => audience.audienceId)];
			ids.splice(50, 0, '7399999999999999999');
			const run = await runTikTok(
				emulator,
				{ ...audienceOperation('get', US, ''), audienceId: idFromItem() },
				{ items: ids.map((id) => ({ id })), continueOnFail: true },
			);
			assert.equal(run.json.length, 150);
			assert.match(String(run.json[50].error), /7399999999999999999|no audience/);
			assert.equal(run.json[51].audience_id, ids[51]);
			assert.equal((run.json[0] as IDataObject).status !== undefined, true);
			const requests = audienceCalls(emulator, '/get/').length;
			// Two batches; the one holding the unknown ID is retried one ID at a time.
			assert.ok(requests >= 2 && requests <= 2 + 100, `${requests} requests`);
			assert.equal(audienceCalls(emulator, '/get/')[0].query.custom_audience_ids.length > 0, true);
		});
	});

	describe('bad input', () => {
		it('an audience owned by another advertiser', async () => {
			const run = await runTikTok(emulator, {
				resource: 'audience',
				operation: 'get',
				advertiserId: byId(US),
				audienceId: byId(AUDIENCES.otherAgencyRetargeting.id),
			});
			assertNodeError(run, 0, /code 4000[17]/, /belongs to the selected advertiser|permission/);
			assert.match(run.error!.message, new RegExp(AUDIENCES.otherAgencyRetargeting.id));
		});

		it('Continue On Fail keeps the other items going', async () => {
			const run = await runTikTok(
				emulator,
				{
					resource: 'audience',
					operation: 'get',
					advertiserId: byId(US),
					audienceId: idFromItem(),
					options: FAST_RETRY,
				},
				{
					items: [
						{ id: AUDIENCES.newsletter.id },
						{ id: AUDIENCES.otherAgencyRetargeting.id },
						{ id: 'abc' },
						{ id: AUDIENCES.recentBuyers.id },
					],
					continueOnFail: true,
				},
			);
			assert.equal(run.error, undefined);
			const [first, foreign, malformed, last] = run.json as IDataObject[];
			assert.equal(first.name, AUDIENCES.newsletter.name);
			assert.match(String(foreign.error), /code 4000[17]/);
			assert.ok(foreign.requestId, 'the request ID helps TikTok support');
			assert.match(String(malformed.error), /"abc" is not valid/);
			assert.equal(last.name, AUDIENCES.recentBuyers.name);
			assert.deepEqual(
				run.output.map((item) => item.pairedItem),
				[0, 1, 2, 3].map((item) => ({ item })),
			);
		});
	});
});

describe('Audience → Get: failures of merged requests', () => {
	let emulator: Emulator;
	useEmulator((started) => (emulator = started));

	it('Audience Get: a rate limit that outlasts the retries costs one retry series, not one per item', async () => {
		const audiences = emulator.world.addAudiences(US, 100, { namePrefix: 'Read' });
		emulator.faults.add({
			path: '/open_api/v1.3/dmp/custom_audience/get/',
			kind: 'code',
			code: 40100,
		});
		const run = await runTikTok(
			emulator,
			audienceOperation('get', US, '', { audienceId: idFromItem(), options: FAST_RETRY }),
			{ items: audiences.map((audience) => ({ id: audience.audienceId })), continueOnFail: true },
		);
		assert.equal(calls(emulator, '/dmp/custom_audience/get/').length, FAST_RETRY.maxAttempts);
		assert.ok(run.json.every((json) => json.code === 40100));
	});
});
