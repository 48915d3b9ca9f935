import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../emulator';
import { useEmulator } from '../support/emulator';
import { assert, describe, it } from '../support/testing';
import {
	ADVERTISERS,
	AUDIENCES,
	audienceOperation,
	createFromItems,
	FAST_RETRY,
	runTikTok,
} from '../support/tiktok';

// A reply lost before TikTok acted must lead to exactly one new audience; a reply lost after it
// acted must adopt what it made. Either way an older audience of the same name stays untouched:
// TikTok allows duplicate names, and the nightly sync of yesterday has today's name.

const ADVERTISER = ADVERTISERS.acmeShoesUs.id;
const API = '/open_api/v1.3/dmp/custom_audience';
const HOURS = 60 * 60 * 1000;

const LOST_REPLIES = [
	{ label: 'connection reset before TikTok acted', action: { kind: 'reset' }, acted: false },
	{
		label: 'HTTP 503 before TikTok acted',
		action: { kind: 'httpStatus', status: 503 },
		acted: false,
	},
	{
		label: 'connection dropped after TikTok acted',
		action: { kind: 'drop', phase: 'after' },
		acted: true,
	},
	{
		label: 'HTTP 502 after TikTok acted',
		action: { kind: 'httpStatus', status: 502, phase: 'after' },
		acted: true,
	},
] as const;

const contacts = (count: number) =>
	Array.from({ length: count }, (_, index) => ({ email: `member${index}@example.com` }));

function namesakes(emulator: Emulator, name: string) {
	return emulator.world.audiences(ADVERTISER).filter((audience) => audience.name === name);
}

describe('lost replies never adopt an older audience of the same name', () => {
	let emulator: Emulator;
	useEmulator((started) => (emulator = started));

	for (const { label, action, acted } of LOST_REPLIES) {
		it(`Create: ${label}`, async () => {
			const older = emulator.world.addAudience({
				advertiserId: ADVERTISER,
				name: 'Nightly sync',
				calculateType: 'EMAIL_SHA256',
				members: ['a'.repeat(64)],
				createdAt: emulator.world.now() - 3 * HOURS,
			});
			emulator.faults.add({ path: `${API}/create/`, nth: 1, ...action } as never);
			const run = await runTikTok(
				emulator,
				createFromItems(ADVERTISER, 'Nightly sync', { options: FAST_RETRY }),
				{ items: contacts(5) },
			);
			assert.equal(run.error, undefined, run.error?.message);
			const audienceId = String(run.json[0].audienceId);
			assert.notEqual(audienceId, older.audienceId, 'adopted the older audience');
			assert.equal(namesakes(emulator, 'Nightly sync').length, 2, 'one new audience, no more');
			assert.equal(emulator.world.audience(audienceId)?.members.size, 5);
			assert.equal(older.members.size, 1, 'the older audience changed');
			const creates = emulator.requests.filter((request) => request.path === `${API}/create/`);
			assert.equal(creates.length, acted ? 1 : 2);
		});

		it(`Create Lookalike: ${label}`, async () => {
			const older = emulator.world.addAudience({
				advertiserId: ADVERTISER,
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
			emulator.faults.add({ path: `${API}/lookalike/create/`, nth: 1, ...action } as never);
			const run = await runTikTok(
				emulator,
				audienceOperation('createLookalike', ADVERTISER, AUDIENCES.newsletter.id, {
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
