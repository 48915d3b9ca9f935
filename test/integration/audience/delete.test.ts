import type { Emulator } from '../../emulator';
import { useEmulator } from '../../support/emulator';
import { describeTransientFaults } from '../../support/faults';
import { audienceParameters, calls, US } from '../../support/operations';
import { assert, describe, it } from '../../support/testing';
import {
	AUDIENCES,
	audienceOperation,
	FAST_RETRY,
	idFromItem,
	runTikTok,
} from '../../support/tiktok';
import { DEFAULT_WORLD } from '../../emulator';

describe('Audience → Delete', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	it('deletes the audiences of all items in one request', async () => {
		const run = await runTikTok(
			emulator,
			audienceParameters('delete', {
				audienceId: idFromItem(),
			}),
			{ items: [{ id: AUDIENCES.newsletter.id }, { id: AUDIENCES.recentBuyers.id }] },
		);
		assert.equal(run.error, undefined);
		assert.deepEqual(run.json, [
			{ deleted: true, audienceId: AUDIENCES.newsletter.id, advertiserId: US },
			{ deleted: true, audienceId: AUDIENCES.recentBuyers.id, advertiserId: US },
		]);
		assert.equal(calls(emulator, '/dmp/custom_audience/delete/').length, 1);
		assert.equal(emulator.world.audience(AUDIENCES.newsletter.id), undefined);
		assert.equal(emulator.world.audience(AUDIENCES.recentBuyers.id), undefined);
	});

	it('deletes the others when one audience belongs to another advertiser', async () => {
		const run = await runTikTok(
			emulator,
			audienceParameters('delete', {
				audienceId: idFromItem(),
			}),
			{
				items: [{ id: AUDIENCES.otherAgencyRetargeting.id }, { id: AUDIENCES.recentBuyers.id }],
				continueOnFail: true,
			},
		);
		assert.equal(run.error, undefined);
		assert.ok(run.json[0].error);
		assert.ok(run.json[0].code === 40001 || run.json[0].code === 40007);
		assert.equal(run.json[1].deleted, true);
		assert.ok(emulator.world.audience(AUDIENCES.otherAgencyRetargeting.id));
		assert.equal(emulator.world.audience(AUDIENCES.recentBuyers.id), undefined);
	});

	describe('fault matrix: survives transient faults exactly once', () => {
		describeTransientFaults(() => emulator, {
			name: 'Delete',
			steps: ['delete'],
			run: async (emulator) =>
				await runTikTok(
					emulator,
					audienceOperation('delete', US, AUDIENCES.recentBuyers.id, { options: FAST_RETRY }),
				),
			verify: (emulator, run) => {
				assert.equal(emulator.world.audience(AUDIENCES.recentBuyers.id), undefined);
				assert.equal(run.json[0].deleted, true);
				assert.equal(emulator.world.counters.audiencesDeleted, 1);
			},
		});
	});
});

describe('Audience → Delete: failures of merged requests', () => {
	let emulator: Emulator;
	useEmulator((started) => (emulator = started));

	it('Delete: a revoked token on 100 items costs one request', async () => {
		const audiences = emulator.world.addAudiences(US, 100, { namePrefix: 'Old' });
		emulator.world.revokeToken(DEFAULT_WORLD.tokens.production);
		const run = await runTikTok(
			emulator,
			audienceOperation('delete', US, '', { audienceId: idFromItem(), options: FAST_RETRY }),
			{ items: audiences.map((audience) => ({ id: audience.audienceId })), continueOnFail: true },
		);
		assert.equal(calls(emulator, '/dmp/custom_audience/delete/').length, 1);
		assert.equal(run.json.length, 100);
		assert.ok(
			run.json.every((json) => json.code === 40102 || json.code === 40105),
			JSON.stringify(run.json[0]),
		);
		assert.equal(
			emulator.world.audiences(US).filter((audience) => audience.name.startsWith('Old')).length,
			100,
		);
	});

	it('Delete [good, bad, good, good] without Continue On Fail deletes nothing after the failure, and says what it deleted', async () => {
		const [first, third, fourth] = emulator.world.addAudiences(US, 3, { namePrefix: 'Gone' });
		const missing = '7999999999999999999';
		const ids = [first.audienceId, missing, third.audienceId, fourth.audienceId];
		const run = await runTikTok(
			emulator,
			audienceOperation('delete', US, '', { audienceId: idFromItem() }),
			{ items: ids.map((id) => ({ id })) },
		);
		assert.ok(run.error);
		assert.equal(run.error.context?.itemIndex, 1);
		assert.match(
			String(run.error.description),
			new RegExp(`already: deleted audience ${first.audienceId} of ad account ${US}`),
		);
		assert.equal(emulator.world.audience(first.audienceId), undefined);
		assert.ok(emulator.world.audience(third.audienceId), 'not deleted after the failure');
		assert.ok(emulator.world.audience(fourth.audienceId), 'not deleted after the failure');
	});

	it('Delete [good, bad, good, good] under Continue On Fail deletes the good ones', async () => {
		const [first, third, fourth] = emulator.world.addAudiences(US, 3, { namePrefix: 'Gone' });
		const ids = [first.audienceId, '7999999999999999999', third.audienceId, fourth.audienceId];
		const run = await runTikTok(
			emulator,
			audienceOperation('delete', US, '', { audienceId: idFromItem() }),
			{ items: ids.map((id) => ({ id })), continueOnFail: true },
		);
		assert.deepEqual(
			run.json.map((json) => json.deleted ?? json.code),
			[true, run.json[1].code, true, true],
		);
		assert.ok(run.json[1].error);
		for (const audience of [first, third, fourth])
			assert.equal(emulator.world.audience(audience.audienceId), undefined);
	});

	it('without Continue On Fail an unreadable item fails the run before anything is deleted', async () => {
		const [first, second] = emulator.world.addAudiences(US, 2, { namePrefix: 'Kept' });
		const run = await runTikTok(
			emulator,
			audienceOperation('delete', US, '', { audienceId: idFromItem() }),
			{ items: [{ id: first.audienceId }, { id: 'abc' }, { id: second.audienceId }] },
		);
		assert.match(String(run.error?.message), /"abc" is not valid/);
		assert.equal(calls(emulator, '/dmp/custom_audience/delete/').length, 0);
		assert.ok(emulator.world.audience(first.audienceId));
	});
});
