import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../emulator';
import { useEmulator } from '../../support/emulator';
import { describeTransientFaults, HOURS, LOST_REPLIES, namesakes } from '../../support/faults';
import { AUDIENCE_API, audienceParameters, calls, US } from '../../support/operations';
import { assert, describe, it } from '../../support/testing';
import { AUDIENCES, audienceOperation, byId, FAST_RETRY, runTikTok } from '../../support/tiktok';

describe('Audience → Create Lookalike', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	it('creates a lookalike with a spec-valid body', async () => {
		const run = await runTikTok(
			emulator,
			audienceParameters('createLookalike', {
				audienceName: 'Newsletter lookalike DE',
				locationIds: '2921044',
				placements: ['TikTok', 'Pangle'],
				audienceSize: 'NARROW',
				mobileOs: 'IOS',
				includeSource: true,
			}),
		);
		assert.equal(run.error, undefined);
		const [request] = calls(emulator, '/dmp/custom_audience/lookalike/create/');
		assert.deepEqual(request.body, {
			advertiser_id: US,
			custom_audience_name: 'Newsletter lookalike DE',
			lookalike_spec: {
				source_audience_id: AUDIENCES.newsletter.id,
				include_source: true,
				mobile_os: 'IOS',
				placements: ['TikTok', 'Pangle'],
				location_ids: ['2921044'],
				audience_size: 'NARROW',
			},
		});
		const created = emulator.world.audience(String(run.json[0].audienceId));
		assert.match(String(created?.audienceType), /Lookalike/);
	});

	it('refuses a lookalike as the source, explaining TikTok', async () => {
		const run = await runTikTok(
			emulator,
			audienceParameters('createLookalike', {
				audienceId: byId(AUDIENCES.newsletterLookalike.id),
				audienceName: 'Lookalike of a lookalike',
				locationIds: '6252001',
				placements: ['TikTok'],
			}),
		);
		assert.ok(run.error);
		assert.match(run.error.message, /code 40002/);
	});

	describe('lost replies never adopt an older audience of the same name', () => {
		for (const { label, action } of LOST_REPLIES) {
			it(`Create Lookalike: ${label}`, async () => {
				const older = emulator.world.addAudience({
					advertiserId: US,
					name: 'Buyers lookalike',
					lookalikeSpec: {
						source_audience_id: AUDIENCES.recentBuyers.id,
						include_source: false,
						mobile_os: 'ALL',
						placements: ['TikTok'],
						location_ids: ['6252001'],
						audience_size: 'BALANCED',
					},
					createdAt: emulator.world.now() - 3 * HOURS,
				});
				emulator.faults.add({
					path: `${AUDIENCE_API}/lookalike/create/`,
					nth: 1,
					...action,
				} as never);
				const run = await runTikTok(
					emulator,
					audienceOperation('createLookalike', US, AUDIENCES.newsletter.id, {
						audienceName: 'Buyers lookalike',
						locationIds: '6252001',
						placements: ['TikTok'],
						options: FAST_RETRY,
					} as IDataObject),
				);
				assert.equal(run.error, undefined, run.error?.message);
				const audienceId = String(run.json[0].audienceId);
				assert.notEqual(audienceId, older.audienceId, 'adopted the older lookalike');
				assert.equal(namesakes(emulator, 'Buyers lookalike').length, 2);
				assert.equal(
					emulator.world.audience(audienceId)?.lookalikeSpec?.source_audience_id,
					AUDIENCES.newsletter.id,
				);
			});
		}
	});

	describe('fault matrix: survives transient faults exactly once', () => {
		describeTransientFaults(() => emulator, {
			name: 'Create lookalike',
			steps: ['createLookalike'],
			run: async (emulator) =>
				await runTikTok(
					emulator,
					audienceOperation('createLookalike', US, AUDIENCES.newsletter.id, {
						audienceName: 'Fault matrix lookalike',
						locationIds: '6252001',
						placements: ['TikTok'],
						options: FAST_RETRY,
					}),
				),
			verify: (emulator, run) => {
				const created = emulator.world
					.audiences(US)
					.filter((audience) => audience.name === 'Fault matrix lookalike');
				assert.equal(created.length, 1, 'exactly one lookalike');
				assert.equal(created[0].audienceId, run.json[0].audienceId);
				assert.equal(emulator.world.counters.lookalikesCreated, 1);
			},
		});
	});
});
