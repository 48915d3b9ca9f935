import { DEFAULT_WORLD, type Emulator } from '../../emulator';
import { useEmulator } from '../../support/emulator';
import { describeTransientFaults } from '../../support/faults';
import { AUDIENCE_API, audienceCalls, US } from '../../support/operations';
import { assert, describe, it } from '../../support/testing';
import {
	ADVERTISERS,
	AUDIENCES,
	audienceOperation,
	FAST_RETRY,
	runTikTok,
} from '../../support/tiktok';

const AD_GROUP = DEFAULT_WORLD.adGroups.usSpringSale.id;

// The body of an apply request that excludes, and the log it leaves: getApplyLog.test.ts.

describe('Audience → Apply to Ad Groups', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	describe('batching', () => {
		// Items that can share a request share it, and each keeps its own output, pairing and error.

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
			assert.equal(audienceCalls(emulator, '/apply/').length, 3);
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
			[
				'rate limits that outlast the retries',
				{ kind: 'code', code: 40100 },
				FAST_RETRY.maxAttempts,
			],
			['TikTok failing', { kind: 'httpStatus', status: 503 }, FAST_RETRY.maxAttempts],
		] as const) {
			it(`Apply: ${cause} fails every item of a merged request without sending each alone`, async () => {
				const adGroups = [1, 2, 3].map((index) =>
					emulator.world.addAdGroup({ advertiserId: US, name: `Refused ${index}` }),
				);
				emulator.faults.add({ path: `${AUDIENCE_API}/apply/`, ...fault });
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
				assert.equal(audienceCalls(emulator, '/apply/').length, requests);
				assert.equal(run.json.length, 3);
				for (const [index, json] of run.json.entries()) {
					assert.ok(json.error, `item ${index} fails`);
					assert.deepEqual(run.output[index].pairedItem, { item: index });
				}
				if (fault.kind === 'code') assert.ok(run.json.every((json) => json.code === fault.code));
				assert.ok(adGroups.every((adGroup) => adGroup.audiences.size === 0));
			});
		}
	});

	describe('fault matrix: survives transient faults exactly once', () => {
		describeTransientFaults(() => emulator, {
			name: 'Apply to ad groups',
			steps: ['apply'],
			run: async (emulator) =>
				await runTikTok(
					emulator,
					audienceOperation('applyToAdGroups', US, AUDIENCES.newsletter.id, {
						adGroupIds: AD_GROUP,
						usageMode: 'Include',
						options: FAST_RETRY,
					}),
				),
			verify: (emulator) => {
				const adGroup = emulator.world.adGroup(AD_GROUP)!;
				assert.equal(adGroup.audiences.get(AUDIENCES.newsletter.id), 'Include');
				assert.equal(adGroup.audiences.size, 1);
			},
		});
	});
});
