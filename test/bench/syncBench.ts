/* eslint-disable no-console -- benchmark runs in Node and never ships in the package */
// The sync against the plain-Node baseline, and normalise + hash throughput.
import {
	CREATE_ENDPOINT,
	syntheticContacts,
	UPLOAD_ENDPOINT,
	type EmulatorControl,
	type SyncReport,
} from './common';
import { measureHashRates } from './hash';
import { callsTo, runChild } from './processes';
import {
	growth,
	integer,
	mebibytes,
	median,
	millionsPerSecond,
	ownGrowth,
	printSyncRun,
	verdict,
	type SyncRun,
	type SyncSide,
} from './report';

const HASH_ROUNDS = 7;
// TikTok takes customer files under 1 GB and up to 50 file paths per create.
const MAX_FILE_BYTES = 1_000_000_000;
const FILE_PATHS_PER_CREATE = 50;

async function syncOnce(
	emulator: EmulatorControl,
	side: SyncSide,
	round: number,
	contacts: number,
	cpuProfileDir: string | undefined,
): Promise<SyncRun> {
	// A fresh world per run: the emulator's stored files do not pile up, and its request log
	// holds this run's calls only.
	await emulator.reset();
	const name = `Bench ${side} ${round}`;
	const report = await runChild<SyncReport>(
		[
			'--side',
			`${side}-sync`,
			'--url',
			emulator.url,
			'--contacts',
			String(contacts),
			'--name',
			name,
		],
		side === 'node' && cpuProfileDir !== undefined
			? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`]
			: [],
	);
	const requests = (await emulator.requests()).slice(report.firstRequestIndex);
	const uploads = callsTo(requests, UPLOAD_ENDPOINT).length;
	const creates = callsTo(requests, CREATE_ENDPOINT).length;
	const failed = requests.filter((request) => request.response?.code !== 0);
	for (const request of failed) {
		console.log(
			`  ! ${side} run ${round}: ${request.method} ${request.path} answered ${JSON.stringify(request.response)}`,
		);
	}
	const state = await emulator.state();
	const audience = state.audiences.find((candidate) => candidate.audienceId === report.audienceId);
	if (audience === undefined || audience.name !== name) {
		throw new Error(`${side} run ${round}: the emulator has no audience "${name}"`);
	}
	const audienceFiles = new Set(audience.filePaths);
	const files = state.files.filter((file) => audienceFiles.has(file.filePath));
	return {
		side,
		round,
		report,
		uploads,
		creates,
		otherCalls: requests.length - uploads - creates,
		fileRows: files.reduce((sum, file) => sum + file.rows, 0),
		fileMd5: files.map((file) => file.md5).join('+'),
		members: audience.memberCount,
	};
}

export interface BenchOptions {
	contacts: number;
	runsPerSide: number;
	audiences: number;
	cpuProfileDir?: string;
}

/** Normalise + hash throughput; returns the node's rate over e-mails and phones. */
export function benchHashing(options: BenchOptions): number {
	console.log(
		`\nNormalise + hash on one core: ${integer(options.contacts)} contacts = ${integer(options.contacts * 2)} identifiers per pass, best of ${HASH_ROUNDS} interleaved rounds`,
	);
	const rates = measureHashRates(syntheticContacts(options.contacts), HASH_ROUNDS);
	const oneShotFloor = rates[rates.length - 1];
	for (const rate of rates) {
		const ofFloor = ((rate.both / oneShotFloor.both) * 100).toFixed(0);
		console.log(
			`  ${rate.name.padEnd(30)} e-mails ${millionsPerSecond(rate.emails)}, phones ${millionsPerSecond(rate.phones)}, both ${millionsPerSecond(rate.both)} (${ofFloor}% of the one-shot floor)`,
		);
	}
	const nodeRate = rates[0].both;
	console.log(
		`  node: ${millionsPerSecond(nodeRate)} (target ≥ 1.00M: ${verdict(nodeRate >= 1e6)})`,
	);
	return nodeRate;
}

export interface SyncSummary {
	ratio: number;
	rssRatio: number;
	calls: number;
	minimumCalls: number;
}

const totalCalls = (run: SyncRun) => run.uploads + run.creates + run.otherCalls;

export async function benchSync(
	emulator: EmulatorControl,
	options: BenchOptions,
): Promise<SyncSummary> {
	console.log(
		`\nSync ${integer(options.contacts)} contacts (e-mail + phone) into a new audience: ${options.runsPerSide} fresh processes per side, alternating`,
	);
	console.log(
		"  wall = starting the sync to its end, the emulator's work on the upload included;\n" +
			"  cpu = the syncing process's CPU time, all threads (GC helpers too);\n" +
			'  growth = peak RSS during the sync − RSS just before it (n8n loaded, input items built,\n' +
			"  garbage collected; peak = the kernel's VmHWM, reset at the start);\n" +
			"  own = peak RSS − RSS when the node's code starts (after n8n copied the input items for it;\n" +
			'  garbage collected and the peak reset there); for the baseline, the same as growth;\n' +
			"  calls = uploads+creates(+other), from the emulator's request log",
	);
	console.log(
		'run   side           wall       cpu  RSS before    peak RSS      growth         own  calls  file rows   members   file bytes  file MD5',
	);
	const runs: SyncRun[] = [];
	for (let round = 1; round <= options.runsPerSide; round++) {
		// Alternate who goes first, so drift on the machine hits both sides alike.
		const order: SyncSide[] = round % 2 === 1 ? ['node', 'baseline'] : ['baseline', 'node'];
		for (const side of order) {
			const run = await syncOnce(emulator, side, round, options.contacts, options.cpuProfileDir);
			printSyncRun(run);
			runs.push(run);
		}
	}

	const nodeRuns = runs.filter((run) => run.side === 'node');
	const baselineRuns = runs.filter((run) => run.side === 'baseline');
	const medianOf = (sideRuns: SyncRun[], value: (report: SyncReport) => number) =>
		median(sideRuns.map((run) => value(run.report)));
	const nodeWall = medianOf(nodeRuns, (report) => report.wallMs);
	const baselineWall = medianOf(baselineRuns, (report) => report.wallMs);
	const nodeCpu = medianOf(nodeRuns, (report) => report.cpuMs);
	const baselineCpu = medianOf(baselineRuns, (report) => report.cpuMs);
	const nodeGrowth = medianOf(nodeRuns, growth);
	const nodeOwnGrowth = medianOf(nodeRuns, ownGrowth);
	const baselineGrowth = medianOf(baselineRuns, growth);
	const uploadedBytes = nodeRuns[0].report.uploadedBytes;
	const ratio = nodeWall / baselineWall;
	const rssRatio = nodeOwnGrowth / uploadedBytes;
	const calls = Math.max(...nodeRuns.map(totalCalls));
	const filesNeeded = Math.max(1, Math.ceil(uploadedBytes / MAX_FILE_BYTES));
	const minimumCalls = filesNeeded + Math.ceil(filesNeeded / FILE_PATHS_PER_CREATE);
	const allRowsArrived = runs.every((run) => run.fileRows === options.contacts);
	const sameFile = runs.every((run) => run.fileMd5 === runs[0].fileMd5);

	console.log(
		`\n  median wall: node ${integer(nodeWall)} ms, baseline ${integer(baselineWall)} ms → ratio ${ratio.toFixed(2)} (target ≤ 1.5: ${verdict(ratio <= 1.5)})`,
	);
	console.log(
		`  median cpu: node ${integer(nodeCpu)} ms, baseline ${integer(baselineCpu)} ms → ${(nodeCpu / baselineCpu).toFixed(2)} ×`,
	);
	console.log(
		`  median peak RSS growth, the node's own (from its start): ${mebibytes(nodeOwnGrowth)} = ${rssRatio.toFixed(2)} × the ${mebibytes(uploadedBytes)} it uploads (target ≤ 2: ${verdict(rssRatio <= 2)})`,
	);
	console.log(
		`  median peak RSS growth, n8n's copy of the input included: node ${mebibytes(nodeGrowth)} = ${(nodeGrowth / uploadedBytes).toFixed(2)} ×; baseline ${mebibytes(baselineGrowth)} = ${(baselineGrowth / uploadedBytes).toFixed(2)} ×`,
	);
	console.log(
		`  API calls per sync: node ${calls}, baseline ${Math.max(...baselineRuns.map(totalCalls))}, minimum ${minimumCalls} = ${filesNeeded} upload + ${minimumCalls - filesNeeded} create (${verdict(calls === minimumCalls)})`,
	);
	console.log(
		`  rows that arrived: ${integer(nodeRuns[0].fileRows)} file rows of ${integer(options.contacts)} contacts; the audience has ${integer(nodeRuns[0].members)} members (distinct e-mail and phone digests)${allRowsArrived ? '' : '; NOT EVERY RUN UPLOADED EVERY CONTACT, see the table'}`,
	);
	console.log(`  node and baseline uploaded byte-identical files: ${sameFile ? 'yes' : 'NO'}`);
	if (runs.some((run) => run.report.peakSource !== 'VmHWM since start')) {
		console.log('  note: /proc/self/clear_refs was not writable; peaks are lifetime maxRSS');
	}
	return { ratio, rssRatio, calls, minimumCalls };
}
