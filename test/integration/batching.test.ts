import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../emulator';
import { useEmulator } from '../support/emulator';
import { assert, describe, it } from '../support/testing';
import {
	ADVERTISERS,
	AUDIENCES,
	audienceOperation,
	FAST_RETRY,
	idFromItem,
	runTikTok,
} from '../support/tiktok';

// Items that can share a request share it, and each keeps its own output, pairing and error.

const US = ADVERTISERS.acmeShoesUs.id;
const API = '/open_api/v1.3/dmp/custom_audience';

const calls = (emulator: Emulator, path: string) =>
	emulator.requests.filter((request) => request.path === `${API}${path}`);

describe('per-item operations batched', () => {
	let emulator: Emulator;
	useEmulator((started) => (emulator = started));

	it('Apply: 300 items for one audience make 3 requests of 100; each item keeps its own output', async () => {
		const adGroups = Array.from({ length: 300 }, (_, index) =>
			emulator.world.addAdGroup({ advertiserId: US, name: `Ad group ${index}` }),
		);
		const run = await runTikTok(
			emulator,
			audienceOperation('applyToAdGroups', US, AUDIENCES.newsletter.id, {
				adGroupIds: '={{ $json.adGroupId }}',
			}),
			{ items: adGroups.map((adGroup) => ({ adGroupId: adGroup.adgroupId })) },
		);
		assert.equal(run.error, undefined, run.error?.message);
		assert.equal(calls(emulator, '/apply/').length, 3);
		assert.equal(run.json.length, 300);
		assert.deepEqual(run.json[7].adGroupIds, [adGroups[7].adgroupId]);
		assert.deepEqual(run.output[7].pairedItem, { item: 7 });
		for (const adGroup of adGroups) {
			assert.ok(adGroup.audiences.has(AUDIENCES.newsletter.id));
		}
	});

	it('Apply: an ad group TikTok refuses fails only its own item', async () => {
		const good = [1, 2].map((index) =>
			emulator.world.addAdGroup({ advertiserId: US, name: `Good ${index}` }),
		);
		const foreign = emulator.world.addAdGroup({
			advertiserId: ADVERTISERS.acmeShoesEu.id,
			name: 'Another ad account',
		});
		const run = await runTikTok(
			emulator,
			audienceOperation('applyToAdGroups', US, AUDIENCES.newsletter.id, {
				adGroupIds: '={{ $json.adGroupId }}',
			}),
			{
				items: [good[0], foreign, good[1]].map((adGroup) => ({ adGroupId: adGroup.adgroupId })),
				continueOnFail: true,
			},
		);
		assert.equal(run.json[0].applied, true);
		assert.ok(run.json[1].error, 'the foreign ad group fails');
		assert.equal(run.json[2].applied, true);
		assert.ok(good.every((adGroup) => adGroup.audiences.has(AUDIENCES.newsletter.id)));
	});

	for (const [cause, fault, requests] of [
		['a rejected token', { kind: 'code', code: 40105 }, 1],
		['rate limits that outlast the retries', { kind: 'code', code: 40100 }, FAST_RETRY.maxAttempts],
		['TikTok failing', { kind: 'httpStatus', status: 503 }, FAST_RETRY.maxAttempts],
	] as const) {
		it(`Apply: ${cause} fails every item of a merged request without sending each alone`, async () => {
			const adGroups = [1, 2, 3].map((index) =>
				emulator.world.addAdGroup({ advertiserId: US, name: `Refused ${index}` }),
			);
			emulator.faults.add({ path: `${API}/apply/`, ...fault });
			const run = await runTikTok(
				emulator,
				audienceOperation('applyToAdGroups', US, AUDIENCES.newsletter.id, {
					adGroupIds: '={{ $json.adGroupId }}',
					options: FAST_RETRY,
				}),
				{
					items: adGroups.map((adGroup) => ({ adGroupId: adGroup.adgroupId })),
					continueOnFail: true,
				},
			);
			assert.equal(calls(emulator, '/apply/').length, requests);
			assert.equal(run.json.length, 3);
			for (const [index, json] of run.json.entries()) {
				assert.ok(json.error, `item ${index} fails`);
				assert.deepEqual(run.output[index].pairedItem, { item: index });
			}
			if (fault.kind === 'code') assert.ok(run.json.every((json) => json.code === fault.code));
			assert.ok(adGroups.every((adGroup) => adGroup.audiences.size === 0));
		});
	}

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
		const requests = calls(emulator, '/get/').length;
		// Two batches; the one holding the unknown ID is retried one ID at a time.
		assert.ok(requests >= 2 && requests <= 2 + 100, `${requests} requests`);
		assert.equal(calls(emulator, '/get/')[0].query.custom_audience_ids.length > 0, true);
	});
});
