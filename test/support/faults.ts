// Faults that every mutating operation must survive, taking effect exactly once, and replies
// lost before or after TikTok acted.
import type { IDataObject } from 'n8n-workflow';

import type { Emulator, FaultAction } from '../emulator';
import { emails } from './items';
import { AUDIENCE_API, US } from './operations';
import { assert, describe, it } from './testing';
import { createFromItems, FAST_RETRY, runTikTok, type TikTokRun } from './tiktok';

/** The endpoint of each step of a mutating operation. */
export const STEP = {
	upload: `${AUDIENCE_API}/file/upload/`,
	create: `${AUDIENCE_API}/create/`,
	update: `${AUDIENCE_API}/update/`,
	delete: `${AUDIENCE_API}/delete/`,
	share: `${AUDIENCE_API}/share/`,
	cancelShare: `${AUDIENCE_API}/share/cancel/`,
	createLookalike: `${AUDIENCE_API}/lookalike/create/`,
	refreshLookalike: `${AUDIENCE_API}/lookalike/update/`,
	apply: `${AUDIENCE_API}/apply/`,
};

/** Faults a retry must ride out without losing or doubling anything. */
export const TRANSIENT_FAULTS: Array<{ label: string; action: FaultAction; times: number }> = [
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

/** Fast retries, and files of 1,000 rows: a list of more than 1,000 members takes several. */
export const FAULT_OPTIONS = { ...FAST_RETRY, rowsPerFile: 1000 };

export interface FaultScenario {
	name: string;
	steps: Array<keyof typeof STEP>;
	/** Brings the world into the state the operation starts from (no faults yet). */
	prepare?: (emulator: Emulator) => Promise<void>;
	run: (emulator: Emulator) => Promise<TikTokRun>;
	/** Checks the effect happened exactly once. */
	verify: (emulator: Emulator, run: TikTokRun) => void;
}

/**
 * One test per step of the scenario and transient fault: the operation succeeds and its effect
 * happens exactly once.
 */
export function describeTransientFaults(getEmulator: () => Emulator, scenario: FaultScenario) {
	describe(scenario.name, () => {
		for (const step of scenario.steps) {
			for (const fault of TRANSIENT_FAULTS) {
				it(`${fault.label} on ${step}`, async () => {
					const emulator = getEmulator();
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

/** Audience → Create of "Persistent" from `items`, with FAULT_OPTIONS overridden by `extra`. */
export const createAudience = (emulator: Emulator, extra: IDataObject = {}, items = emails(2500)) =>
	runTikTok(
		emulator,
		createFromItems(US, 'Persistent', { options: { ...FAULT_OPTIONS, ...extra } }),
		{
			items,
		},
	);

// A reply lost before TikTok acted must lead to exactly one new audience; a reply lost after it
// acted must adopt what it made. Either way an older audience of the same name stays untouched:
// TikTok allows duplicate names, and the nightly sync of yesterday has today's name.

export const HOURS = 60 * 60 * 1000;

/** Replies lost before or after TikTok acted, and whether it did. */
export const LOST_REPLIES = [
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

/** The audiences of US with this name. */
export function namesakes(emulator: Emulator, name: string) {
	return emulator.world.audiences(US).filter((audience) => audience.name === name);
}
