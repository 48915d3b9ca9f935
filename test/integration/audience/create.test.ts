import type { Emulator } from '../../emulator';
import { useEmulator } from '../../support/emulator';
import {
	describeTransientFaults,
	FAULT_OPTIONS,
	HOURS,
	LOST_REPLIES,
	namesakes,
} from '../../support/faults';
import { digests, emails } from '../../support/items';
import { assertNodeError, AUDIENCE_API, US } from '../../support/operations';
import { assert, describe, it } from '../../support/testing';
import { byId, createFromItems, FAST_RETRY, runTikTok } from '../../support/tiktok';

// Members from workflow items or customer files: members/fromItems.test.ts, members/fromFiles.test.ts.

describe('Audience → Create', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	describe('bad input', () => {
		it('an audience name over 128 characters', async () => {
			const run = await runTikTok(
				emulator,
				{
					resource: 'audience',
					operation: 'create',
					advertiserId: byId(US),
					audienceName: 'n'.repeat(129),
					source: 'items',
					identifierFields: { emailField: 'email' },
				},
				{ items: [{ email: 'a@x.example' }] },
			);
			assertNodeError(run, 0, /longer than 128/, /1 to 128/);
			assert.equal(emulator.requests.length, 0);
		});
	});

	describe('lost replies never adopt an older audience of the same name', () => {
		for (const { label, action, acted } of LOST_REPLIES) {
			it(`Create: ${label}`, async () => {
				const older = emulator.world.addAudience({
					advertiserId: US,
					name: 'Nightly sync',
					calculateType: 'EMAIL_SHA256',
					members: ['a'.repeat(64)],
					createdAt: emulator.world.now() - 3 * HOURS,
				});
				emulator.faults.add({ path: `${AUDIENCE_API}/create/`, nth: 1, ...action } as never);
				const run = await runTikTok(
					emulator,
					createFromItems(US, 'Nightly sync', { options: FAST_RETRY }),
					{ items: emails(5) },
				);
				assert.equal(run.error, undefined, run.error?.message);
				const audienceId = String(run.json[0].audienceId);
				assert.notEqual(audienceId, older.audienceId, 'adopted the older audience');
				assert.equal(namesakes(emulator, 'Nightly sync').length, 2, 'one new audience, no more');
				assert.equal(emulator.world.audience(audienceId)?.members.size, 5);
				assert.equal(older.members.size, 1, 'the older audience changed');
				const creates = emulator.requests.filter(
					(request) => request.path === `${AUDIENCE_API}/create/`,
				);
				assert.equal(creates.length, acted ? 1 : 2);
			});
		}
	});

	describe('fault matrix: survives transient faults exactly once', () => {
		describeTransientFaults(() => emulator, {
			name: 'Create from items',
			steps: ['upload', 'create'],
			run: async (emulator) =>
				await runTikTok(emulator, createFromItems(US, 'Fault matrix', { options: FAULT_OPTIONS }), {
					items: emails(1500),
				}),
			verify: (emulator, run) => {
				const created = emulator.world
					.audiences(US)
					.filter((audience) => audience.name === 'Fault matrix');
				assert.equal(created.length, 1, 'exactly one audience');
				assert.equal(created[0].audienceId, run.json[0].audienceId);
				assert.deepEqual(created[0].members, new Set(digests(1500)));
				assert.equal(emulator.world.counters.audiencesCreated, 1);
			},
		});
	});
});
