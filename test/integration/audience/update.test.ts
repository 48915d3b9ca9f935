import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../emulator';
import { useEmulator } from '../../support/emulator';
import { describeTransientFaults, FAULT_OPTIONS } from '../../support/faults';
import { digests, emails } from '../../support/items';
import { audienceParameters, calls, US } from '../../support/operations';
import { assert, describe, it } from '../../support/testing';
import { AUDIENCES, runTikTok, updateFromItems } from '../../support/tiktok';

// Members from workflow items or customer files: members/fromItems.test.ts, members/fromFiles.test.ts.

describe('Audience → Update', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	it('renames without touching members', async () => {
		const run = await runTikTok(
			emulator,
			audienceParameters('update', {
				membersAction: 'none',
				updateFields: { name: 'Newsletter (all)' },
			}),
		);
		assert.equal(run.error, undefined);
		assert.deepEqual(run.json[0].updatedFields, ['name']);
		const audience = emulator.world.audience(AUDIENCES.newsletter.id);
		assert.equal(audience?.name, 'Newsletter (all)');
		assert.equal(audience?.members.size, AUDIENCES.newsletter.size);
	});

	it('turns on enhancement alone, sending the name TikTok requires with it', async () => {
		const run = await runTikTok(
			emulator,
			audienceParameters('update', {
				membersAction: 'none',
				updateFields: { audienceEnhancement: true },
			}),
		);
		assert.equal(run.error, undefined, run.error?.message);
		const audience = emulator.world.audience(AUDIENCES.newsletter.id);
		assert.equal(audience?.audienceEnhancement, true);
		assert.equal(audience?.name, AUDIENCES.newsletter.name);
		const [update] = calls(emulator, '/dmp/custom_audience/update/');
		assert.equal((update.body as IDataObject).custom_audience_name, AUDIENCES.newsletter.name);
	});

	it('adds members and turns on enhancement in one request', async () => {
		const before = emulator.world.audience(AUDIENCES.newsletter.id)?.members.size ?? 0;
		const run = await runTikTok(
			emulator,
			audienceParameters('update', {
				membersAction: 'APPEND',
				source: 'items',
				identifierFields: { emailField: 'email' },
				updateFields: { audienceEnhancement: true },
			}),
			{ items: [{ email: 'new.one@example.com' }, { email: 'new.two@example.com' }] },
		);
		assert.equal(run.error, undefined, run.error?.message);
		const audience = emulator.world.audience(AUDIENCES.newsletter.id);
		assert.equal(audience?.members.size, before + 2);
		assert.equal(audience?.audienceEnhancement, true);
		assert.equal(calls(emulator, '/dmp/custom_audience/update/').length, 1);
	});

	it('switches to Reach & Frequency with the name TikTok requires', async () => {
		const run = await runTikTok(
			emulator,
			audienceParameters('update', {
				membersAction: 'none',
				updateFields: { reachFrequency: true },
			}),
		);
		assert.equal(run.error, undefined, run.error?.message);
		assert.equal(
			emulator.world.audience(AUDIENCES.newsletter.id)?.audienceSubType,
			'REACH_FREQUENCY',
		);
	});

	it('says so when there is nothing to update', async () => {
		const run = await runTikTok(emulator, audienceParameters('update', { membersAction: 'none' }));
		assert.ok(run.error);
		assert.match(run.error.message, /Nothing to update/);
	});

	describe('fault matrix: survives transient faults exactly once', () => {
		describeTransientFaults(() => emulator, {
			name: 'Update: add members',
			steps: ['upload', 'update'],
			run: async (emulator) =>
				await runTikTok(
					emulator,
					updateFromItems(US, AUDIENCES.newsletter.id, 'APPEND', { options: FAULT_OPTIONS }),
					{ items: emails(1200) },
				),
			verify: (emulator) => {
				const members = emulator.world.audience(AUDIENCES.newsletter.id)!.members;
				assert.equal(members.size, AUDIENCES.newsletter.size + 1200);
				for (const digest of digests(1200)) assert.ok(members.has(digest));
			},
		});
		describeTransientFaults(() => emulator, {
			name: 'Update: replace members across several files',
			steps: ['upload', 'update'],
			run: async (emulator) =>
				await runTikTok(
					emulator,
					updateFromItems(US, AUDIENCES.newsletter.id, 'REPLACE', { options: FAULT_OPTIONS }),
					{ items: emails(2100) },
				),
			verify: (emulator) => {
				assert.deepEqual(
					emulator.world.audience(AUDIENCES.newsletter.id)!.members,
					new Set(digests(2100)),
				);
			},
		});
	});
});
