import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_WORLD, type Emulator, type FaultAction } from '../emulator';
import { useEmulator } from '../support/emulator';
import { assert, describe, it } from '../support/testing';
import {
	ADVERTISERS,
	AUDIENCES,
	audienceOperation,
	createFromItems,
	FAST_RETRY,
	runTikTok,
	updateFromItems,
	type TikTokRun,
} from '../support/tiktok';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const US = ADVERTISERS.acmeShoesUs.id;
const EU = ADVERTISERS.acmeShoesEu.id;
const AD_GROUP = DEFAULT_WORLD.adGroups.usSpringSale.id;
const API = '/open_api/v1.3/dmp/custom_audience';

const STEP = {
	upload: `${API}/file/upload/`,
	create: `${API}/create/`,
	update: `${API}/update/`,
	delete: `${API}/delete/`,
	share: `${API}/share/`,
	cancelShare: `${API}/share/cancel/`,
	createLookalike: `${API}/lookalike/create/`,
	refreshLookalike: `${API}/lookalike/update/`,
	apply: `${API}/apply/`,
};

/** Faults a retry must ride out without losing or doubling anything. */
const TRANSIENT_FAULTS: Array<{ label: string; action: FaultAction; times: number }> = [
	{ label: 'rate limit 40100', action: { kind: 'code', code: 40100 }, times: 2 },
	{ label: 'advertiser rate limit 40133', action: { kind: 'code', code: 40133 }, times: 2 },
	{ label: 'system error 50000', action: { kind: 'code', code: 50000 }, times: 2 },
	{ label: 'DMP service error 51003', action: { kind: 'code', code: 51003 }, times: 2 },
	{ label: 'maintenance 60001', action: { kind: 'code', code: 60001 }, times: 2 },
	{ label: 'HTTP 503 before processing', action: { kind: 'httpStatus', status: 503 }, times: 2 },
	{
		label: 'HTTP 500 after processing',
		action: { kind: 'httpStatus', status: 500, phase: 'after' },
		times: 1,
	},
	{ label: 'connection reset before processing', action: { kind: 'reset' }, times: 2 },
	{
		label: 'connection reset after processing',
		action: { kind: 'reset', phase: 'after' },
		times: 1,
	},
	{
		label: 'connection dropped after processing',
		action: { kind: 'drop', phase: 'after' },
		times: 1,
	},
	// Well inside the node's request timeout: the reply is waited for, and nothing is resent.
	{ label: 'slow reply, waited for', action: { kind: 'delay', ms: 150 }, times: 1 },
];

const emails = (count: number, first = 0) =>
	Array.from({ length: count }, (_, index) => ({ email: `member${first + index}@example.com` }));
const digests = (count: number, first = 0) =>
	Array.from({ length: count }, (_, index) => sha256(`member${first + index}@example.com`));

interface Scenario {
	name: string;
	steps: Array<keyof typeof STEP>;
	/** Brings the world into the state the operation starts from (no faults yet). */
	prepare?: (emulator: Emulator) => Promise<void>;
	run: (emulator: Emulator) => Promise<TikTokRun>;
	/** Checks the effect happened exactly once. */
	verify: (emulator: Emulator, run: TikTokRun) => void;
}

const options = { ...FAST_RETRY, rowsPerFile: 1000 };

const SCENARIOS: Scenario[] = [
	{
		name: 'Create from items',
		steps: ['upload', 'create'],
		run: async (emulator) =>
			await runTikTok(emulator, createFromItems(US, 'Fault matrix', { options }), {
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
	},
	{
		name: 'Update: add members',
		steps: ['upload', 'update'],
		run: async (emulator) =>
			await runTikTok(
				emulator,
				updateFromItems(US, AUDIENCES.newsletter.id, 'APPEND', { options }),
				{ items: emails(1200) },
			),
		verify: (emulator) => {
			const members = emulator.world.audience(AUDIENCES.newsletter.id)!.members;
			assert.equal(members.size, AUDIENCES.newsletter.size + 1200);
			for (const digest of digests(1200)) assert.ok(members.has(digest));
		},
	},
	{
		name: 'Update: replace members across several files',
		steps: ['upload', 'update'],
		run: async (emulator) =>
			await runTikTok(
				emulator,
				updateFromItems(US, AUDIENCES.newsletter.id, 'REPLACE', { options }),
				{ items: emails(2100) },
			),
		verify: (emulator) => {
			assert.deepEqual(
				emulator.world.audience(AUDIENCES.newsletter.id)!.members,
				new Set(digests(2100)),
			);
		},
	},
	{
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
	},
	{
		name: 'Share',
		steps: ['share'],
		run: async (emulator) =>
			await runTikTok(
				emulator,
				audienceOperation('share', US, AUDIENCES.newsletter.id, {
					sharedAdvertiserIds: EU,
					options: FAST_RETRY,
				}),
			),
		verify: (emulator) => {
			const audience = emulator.world.audience(AUDIENCES.newsletter.id)!;
			assert.equal(audience.sharedWith.get(EU)?.status, 'SHARED');
			assert.equal(emulator.world.counters.sharesAdded, 1);
		},
	},
	{
		name: 'Cancel sharing',
		steps: ['cancelShare'],
		prepare: async (emulator) => {
			const shared = await runTikTok(
				emulator,
				audienceOperation('share', US, AUDIENCES.newsletter.id, { sharedAdvertiserIds: EU }),
			);
			assert.equal(shared.error, undefined);
		},
		run: async (emulator) =>
			await runTikTok(
				emulator,
				audienceOperation('cancelShare', US, AUDIENCES.newsletter.id, {
					sharedAdvertiserIds: EU,
					options: FAST_RETRY,
				}),
			),
		verify: (emulator) => {
			const audience = emulator.world.audience(AUDIENCES.newsletter.id)!;
			assert.equal(audience.sharedWith.get(EU)?.status, 'CANCELLED');
			assert.equal(emulator.world.counters.sharesCancelled, 1);
		},
	},
	{
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
	},
	{
		name: 'Refresh lookalike',
		steps: ['refreshLookalike'],
		run: async (emulator) =>
			await runTikTok(
				emulator,
				audienceOperation('refreshLookalike', US, AUDIENCES.newsletterLookalike.id, {
					options: FAST_RETRY,
				}),
			),
		verify: (emulator, run) => {
			assert.equal(run.json[0].refreshed, true);
			assert.ok(emulator.world.counters.lookalikesRefreshed >= 1);
		},
	},
	{
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
	},
];

describe('fault matrix: every mutating operation survives transient faults exactly once', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	for (const scenario of SCENARIOS) {
		describe(scenario.name, () => {
			for (const step of scenario.steps) {
				for (const fault of TRANSIENT_FAULTS) {
					it(`${fault.label} on ${step}`, async () => {
						await scenario.prepare?.(emulator);
						emulator.faults.add({ path: STEP[step], nth: 1, times: fault.times, ...fault.action });
						const run = await scenario.run(emulator);
						assert.equal(run.error, undefined, run.error?.message);
						const faulted = emulator.requests.filter((request) => request.fault);
						assert.ok(faulted.length > 0, 'the fault was injected');
						scenario.verify(emulator, run);
					});
				}
			}
		});
	}
});

describe('persistent faults: clear errors and nothing half done', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	const createAudience = (extra: IDataObject = {}, items = emails(2500)) =>
		runTikTok(emulator, createFromItems(US, 'Persistent', { options: { ...options, ...extra } }), {
			items,
		});

	it('stops retrying a rate limit, saying what was retried and for how long', async () => {
		emulator.faults.add({ path: STEP.create, kind: 'code', code: 40100 });
		const run = await createAudience({ maxAttempts: 3, retryDelay: 20, maxTotalWait: 10 });
		assert.ok(run.error);
		assert.match(run.error.message, /kept rate limiting/);
		assert.match(run.error.message, /Tried 3 times over 0\.\d s of waiting/);
		assert.match(String(run.error.description), /Max Total Wait/);
		assert.equal(emulator.requests.filter((request) => request.path === STEP.create).length, 3);
		assert.equal(emulator.world.counters.audiencesCreated, 0);
	});

	it('really waits between attempts: each wait at least the doubling delay', async () => {
		emulator.faults.add({ path: STEP.create, nth: 1, times: 2, kind: 'code', code: 40100 });
		const run = await createAudience({ maxAttempts: 3, retryDelay: 150, maxTotalWait: 10 });
		assert.equal(run.error, undefined, run.error?.message);
		const creates = emulator.requests.filter((request) => request.path === STEP.create);
		assert.equal(creates.length, 3);
		// Lower bounds only: 150 ms, then 300 ms. Sleeping can take longer, never less.
		const gaps = [1, 2].map((index) => creates[index].receivedAt - creates[index - 1].receivedAt);
		assert.ok(gaps[0] >= 149 && gaps[1] >= 299, `waits between attempts: ${gaps.join(', ')} ms`);
	});

	it('gives up on a lost connection to create without creating anything', async () => {
		emulator.faults.add({ path: STEP.create, kind: 'reset' });
		const run = await createAudience();
		assert.ok(run.error);
		assert.match(
			run.error.message,
			/Could not reach TikTok: the connection was reset\. Tried 4 times/,
		);
		assert.equal(emulator.world.counters.audiencesCreated, 0);
	});

	it('reports which files went through when an upload keeps failing, and a rerun does not double', async () => {
		emulator.faults.add({ path: STEP.upload, nth: 2, times: 100, kind: 'httpStatus', status: 503 });
		const failed = await createAudience({}, emails(2500));
		assert.ok(failed.error);
		assert.match(
			failed.error.message,
			/Uploaded 1 of 3 files \(1000 of 2500 rows\): audience-1\.csv before audience-2\.csv failed; the audience was not changed\./,
		);
		assert.equal(emulator.world.counters.audiencesCreated, 0);

		emulator.faults.clear();
		const rerun = await createAudience({}, emails(2500));
		assert.equal(rerun.error, undefined);
		const created = emulator.world
			.audiences(US)
			.filter((audience) => audience.name === 'Persistent');
		assert.equal(created.length, 1);
		assert.deepEqual(created[0].members, new Set(digests(2500)));
	});

	it('under Continue On Fail, reports the failed upload in the item and goes on', async () => {
		emulator.faults.add({ path: STEP.upload, nth: 2, times: 100, kind: 'code', code: 50000 });
		const run = await runTikTok(
			emulator,
			createFromItems(US, '={{ $json.list }}', { options: { ...options, maxAttempts: 2 } }),
			{
				items: [
					...emails(1000).map((item) => ({ ...item, list: 'First' })),
					...emails(1000, 5000).map((item) => ({ ...item, list: 'Second' })),
				],
				continueOnFail: true,
			},
		);
		assert.equal(run.error, undefined);
		assert.equal(run.json.length, 2);
		assert.equal(run.json[0].audienceName, 'First');
		assert.match(String(run.json[1].error), /code 50000/);
		assert.match(
			String(run.json[1].error),
			/Uploaded 0 of 1 files \(0 of 1000 rows\) before audience-1\.csv failed/,
		);
		assert.equal(run.json[1].code, 50000);
	});
});
