/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, no-console -- benchmark runs in Node and never ships in the package; it starts the emulator and each measured run as child processes */
// Audience sync benchmark against the local emulator: the node (in n8n's WorkflowExecute) against
// a hand-written plain-Node sync, plus normalise + hash throughput and Get Many paging.
// Run: npm run bench [-- --contacts 100000 --runs 7 --audiences 150000 --cpu-prof-dir <dir>
//                      --file-rows 1100000,4500000 --file-runs 1 --file-only
//                      --apply-items 10000 --get-items 1000 --batch-only]
// Ends with one line: RESULT ratio=… rss_ratio=… calls=… min_calls=… hash_rate=… batch_calls=…
// batch_min=… file_ratio=… file_rss_mib=… file_rss_small_mib=… (--file-only: the file fields
// alone; --batch-only: the batching and Return All cases, batch fields alone)
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

import type { RecordedRequest } from '../emulator/types';
import {
	API_PATH,
	CHILD_RESULT_PREFIX,
	CREATE_ENDPOINT,
	EmulatorControl,
	LIST_ADVERTISER_ID,
	LIST_ENDPOINT,
	positiveInteger,
	syntheticContacts,
	UPLOAD_ENDPOINT,
	type BatchReport,
	type ListReport,
	type SyncReport,
} from './common';
import { measureHashRates } from './hash';

const ROOT = join(__dirname, '..', '..');
const CHILD = join(__dirname, 'child.ts');
const EMULATOR_CLI = join(ROOT, 'test/emulator/cli.ts');
const HASH_ROUNDS = 7;
// TikTok takes customer files under 1 GB and up to 50 file paths per create.
const MAX_FILE_BYTES = 1_000_000_000;
const FILE_PATHS_PER_CREATE = 50;
const LIST_PAGE_SIZE = 100;
// TikTok's limit for ad group IDs per apply and audience IDs per get request.
const IDS_PER_REQUEST = 100;
const APPLY_ENDPOINT = '/dmp/custom_audience/apply/';
const GET_ENDPOINT = '/dmp/custom_audience/get/';
const MEBIBYTE = 1024 * 1024;

type SyncSide = 'node' | 'baseline';
/** The node on a customer file with Remove Duplicate Rows off. */
type RunSide = SyncSide | 'all rows';

interface SyncRun {
	side: RunSide;
	round: number;
	report: SyncReport;
	uploads: number;
	creates: number;
	otherCalls: number;
	fileRows: number;
	fileMd5: string;
	members: number;
}

function tsxArguments(script: string, extra: string[] = []): string[] {
	return ['--expose-gc', ...extra, '--import', 'tsx', script];
}

async function startEmulator(): Promise<{ process: ChildProcess; url: string }> {
	const child = spawn(
		process.execPath,
		[...tsxArguments(EMULATOR_CLI), '--port', '0', '--sandbox-port', '0'],
		{ cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
	);
	const lines = createInterface({ input: child.stdout! });
	const [firstLine] = (await Promise.race([
		once(lines, 'line'),
		once(child, 'exit').then(() => {
			throw new Error('The emulator exited before it was ready');
		}),
	])) as [string];
	const ready = JSON.parse(firstLine) as { ready: boolean; url: string };
	if (!ready.ready) throw new Error(`Unexpected emulator output: ${firstLine}`);
	return { process: child, url: ready.url };
}

async function stopProcess(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = once(child, 'exit');
	child.kill('SIGTERM');
	await exited;
}

/** Runs child.ts and returns the report it ends with. */
async function runChild<T>(args: string[], nodeFlags: string[] = []): Promise<T> {
	const child = spawn(process.execPath, [...tsxArguments(CHILD, nodeFlags), ...args], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	let report: T | undefined;
	const lines = createInterface({ input: child.stdout! });
	lines.on('line', (line) => {
		if (line.startsWith(CHILD_RESULT_PREFIX)) {
			report = JSON.parse(line.slice(CHILD_RESULT_PREFIX.length)) as T;
		} else {
			console.log(`    | ${line}`);
		}
	});
	const [code] = (await once(child, 'exit')) as [number | null];
	if (code !== 0 || report === undefined) {
		throw new Error(`bench child ${args.join(' ')} failed (exit code ${code})`);
	}
	return report;
}

function callsTo(requests: RecordedRequest[], endpoint: string): RecordedRequest[] {
	return requests.filter((request) => request.path === `${API_PATH}${endpoint}`);
}

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

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const integer = (value: number) => Math.round(value).toLocaleString('en-US');
const mebibytes = (bytes: number) => `${(bytes / MEBIBYTE).toFixed(1)} MiB`;
const millionsPerSecond = (perSecond: number) => `${(perSecond / 1e6).toFixed(2)}M ids/s`;
const growth = (report: SyncReport) => report.peakRssBytes - report.rssBeforeBytes;
/** Growth from the node's own start; for the baseline, its whole run is its own. */
const ownGrowth = (report: SyncReport) =>
	report.peakRssBytes - (report.rssAtNodeStartBytes ?? report.rssBeforeBytes);
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

function printSyncRun(run: SyncRun): void {
	const { report } = run;
	console.log(
		[
			String(run.round).padEnd(5),
			run.side.padEnd(9),
			`${integer(report.wallMs)} ms`.padStart(9),
			`${integer(report.cpuMs)} ms`.padStart(9),
			mebibytes(report.rssBeforeBytes).padStart(11),
			mebibytes(report.peakRssBytes).padStart(11),
			mebibytes(growth(report)).padStart(11),
			mebibytes(ownGrowth(report)).padStart(11),
			`${run.uploads}+${run.creates}${run.otherCalls > 0 ? `+${run.otherCalls}` : ''}`.padStart(6),
			integer(run.fileRows).padStart(9),
			integer(run.members).padStart(9),
			integer(report.uploadedBytes).padStart(12),
			`  ${run.fileMd5}`,
		].join(' '),
	);
}

interface BenchOptions {
	contacts: number;
	runsPerSide: number;
	audiences: number;
	cpuProfileDir?: string;
}

/** Normalise + hash throughput; returns the node's rate over e-mails and phones. */
function benchHashing(options: BenchOptions): number {
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

interface SyncSummary {
	ratio: number;
	rssRatio: number;
	calls: number;
	minimumCalls: number;
}

const totalCalls = (run: SyncRun) => run.uploads + run.creates + run.otherCalls;

async function benchSync(emulator: EmulatorControl, options: BenchOptions): Promise<SyncSummary> {
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

interface ListSummary {
	calls: number;
	minimumCalls: number;
	growthBytes: number;
	returned: number;
}

/** Get Many with Return All: its pages, its peak memory growth, and that it ends at all. */
async function benchList(emulator: EmulatorControl, audienceCount: number): Promise<ListSummary> {
	console.log(`\nGet Many, Return All over ${integer(audienceCount)} audiences`);
	await emulator.reset();
	await emulator.addAudiences(LIST_ADVERTISER_ID, audienceCount);
	const list = await runChild<ListReport>([
		'--side',
		'node-list',
		'--url',
		emulator.url,
		'--advertiser',
		LIST_ADVERTISER_ID,
	]);
	const requests = (await emulator.requests()).slice(list.firstRequestIndex);
	const listCalls = callsTo(requests, LIST_ENDPOINT).length;
	const minimumListCalls = Math.ceil(audienceCount / LIST_PAGE_SIZE);
	const growthBytes = list.peakRssBytes - list.rssBeforeBytes;
	console.log(
		`  node: ${listCalls} list calls (minimum ${minimumListCalls} pages of ${LIST_PAGE_SIZE}: ${verdict(listCalls === minimumListCalls)}), ${requests.length - listCalls} other calls, ${integer(list.audiencesReturned)} of ${integer(audienceCount)} audiences returned, ${integer(list.wallMs)} ms`,
	);
	console.log(
		`  peak RSS growth: ${mebibytes(growthBytes)} = ${integer(growthBytes / Math.max(1, list.audiencesReturned))} bytes per output item (n8n's output included); no crash`,
	);
	return {
		calls: listCalls,
		minimumCalls: minimumListCalls,
		growthBytes,
		returned: list.audiencesReturned,
	};
}

interface BatchSummary {
	calls: number;
	minimumCalls: number;
}

/** Apply for many items of one audience, then Get for many audiences: calls against the minimum. */
async function benchBatch(
	emulator: EmulatorControl,
	applyItems: number,
	getItems: number,
): Promise<BatchSummary> {
	console.log(
		`\nBatching: Apply with ${integer(applyItems)} items (one audience, a distinct ad group each), then Get with ${integer(getItems)} items`,
	);
	await emulator.reset();
	const report = await runChild<BatchReport>([
		'--side',
		'node-batch',
		'--url',
		emulator.url,
		'--contacts',
		String(applyItems),
		'--get-items',
		String(getItems),
	]);
	const requests = (await emulator.requests()).slice(report.firstRequestIndex);
	const applyCalls = callsTo(requests, APPLY_ENDPOINT).length;
	const getCalls = callsTo(requests, GET_ENDPOINT).length;
	// TikTok takes one audience and up to 100 ad groups per apply request, and up to 100
	// audience IDs per get request; neither needs a read first (apply is idempotent, get is a
	// read), so the minimum is the two ceilings and nothing else.
	const minimumCalls =
		Math.ceil(applyItems / IDS_PER_REQUEST) + Math.ceil(getItems / IDS_PER_REQUEST);
	console.log(
		`  node: ${requests.length} calls = ${applyCalls} apply + ${getCalls} get + ${requests.length - applyCalls - getCalls} other; minimum ${minimumCalls} (${verdict(requests.length === minimumCalls)}); ${report.failedItems} failed items; ${integer(report.wallMs)} ms`,
	);
	if (report.applyItems !== applyItems || report.getItems !== getItems || report.failedItems > 0) {
		throw new Error('The batching run did not put every item through');
	}
	return { calls: requests.length, minimumCalls };
}

/**
 * An e-mail customer file as CRMs export it: a header, an e-mail column with stray spaces and
 * mixed case, and a few other columns the node ignores; about 68 bytes a row.
 */
async function writeCustomerFile(path: string, rows: number): Promise<number> {
	const out = createWriteStream(path);
	out.write('Email,First Name,Last Name,City,State\n');
	const batch: string[] = [];
	for (let row = 0; row < rows; row++) {
		const email = `${row % 4 === 0 ? ' ' : ''}Customer.${row}+crm@${['Example.com', 'mail.example.org', 'GMAIL.com'][row % 3]}`;
		batch.push(`${email},Firstname${row % 1000},Lastname${row % 777},Springfield,OH\n`);
		if (batch.length === 10_000 || row === rows - 1) {
			if (!out.write(batch.join(''))) await once(out, 'drain');
			batch.length = 0;
		}
	}
	out.end();
	await once(out, 'finish');
	return statSync(path).size;
}

interface FileSummary {
	bytes: number;
	ratio: number;
	nodeGrowth: number;
	/** The node's growth with Remove Duplicate Rows off. */
	allRowsGrowth: number;
}

/** Create from one customer file: the node (filesystem binary mode) against the streaming floor. */
async function benchFile(
	emulator: EmulatorControl,
	folder: string,
	rows: number,
	runsPerSide: number,
	cpuProfileDir: string | undefined,
): Promise<FileSummary> {
	const path = join(folder, `customers-${rows}.csv`);
	const bytes = await writeCustomerFile(path, rows);
	console.log(
		`\nCreate from a customer file: ${integer(rows)} e-mail rows, ${mebibytes(bytes)} on disk; ${runsPerSide} fresh process(es) per side, alternating (load average ${loadavg()
			.map((load) => load.toFixed(2))
			.join(' ')})`,
	);
	console.log(
		'run   side           wall       cpu  RSS before    peak RSS      growth         own  calls  file rows   members   file bytes  file MD5',
	);
	const runs: SyncRun[] = [];
	try {
		for (let round = 1; round <= runsPerSide; round++) {
			const order: RunSide[] =
				round % 2 === 1 ? ['node', 'baseline', 'all rows'] : ['baseline', 'node', 'all rows'];
			for (const side of order) {
				await emulator.reset();
				const name = `File ${side} ${round}`;
				const report = await runChild<SyncReport>(
					[
						'--side',
						side === 'baseline' ? 'baseline-file' : 'node-file',
						...(side === 'all rows' ? ['--keep-duplicates'] : []),
						...['--url', emulator.url, '--file', path, '--name', name],
					],
					side === 'node' && cpuProfileDir !== undefined
						? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`]
						: [],
				);
				const state = await emulator.state();
				const audience = state.audiences.find((entry) => entry.audienceId === report.audienceId);
				if (audience === undefined || audience.name !== name) {
					throw new Error(`${side} file run ${round}: the emulator has no audience "${name}"`);
				}
				const requests = (await emulator.requests()).slice(report.firstRequestIndex);
				const uploads = callsTo(requests, UPLOAD_ENDPOINT).length;
				const creates = callsTo(requests, CREATE_ENDPOINT).length;
				const audienceFiles = new Set(audience.filePaths);
				const files = state.files.filter((file) => audienceFiles.has(file.filePath));
				const run: SyncRun = {
					side,
					round,
					report,
					uploads,
					creates,
					otherCalls: requests.length - uploads - creates,
					fileRows: files.reduce((sum, file) => sum + file.rows, 0),
					fileMd5: files.map((file) => file.md5.slice(0, 8)).join('+'),
					members: audience.memberCount,
				};
				printSyncRun(run);
				runs.push(run);
			}
		}
	} finally {
		rmSync(path, { force: true });
	}
	const medianOf = (side: RunSide, value: (report: SyncReport) => number) =>
		median(runs.filter((run) => run.side === side).map((run) => value(run.report)));
	const nodeWall = medianOf('node', (report) => report.wallMs);
	const floorWall = medianOf('baseline', (report) => report.wallMs);
	const nodeGrowth = medianOf('node', growth);
	const allRows = runs.every((run) => run.fileRows === rows && run.members === rows);
	console.log(
		`  median wall: node ${integer(nodeWall)} ms, floor ${integer(floorWall)} ms → ratio ${(nodeWall / floorWall).toFixed(2)}`,
	);
	console.log(
		`  median peak RSS growth: node ${mebibytes(nodeGrowth)} (own, from its start: ${mebibytes(medianOf('node', ownGrowth))}), floor ${mebibytes(medianOf('baseline', growth))}`,
	);
	const allRowsGrowth = medianOf('all rows', growth);
	console.log(
		`  with Remove Duplicate Rows off ("all rows"): median peak RSS growth ${mebibytes(allRowsGrowth)}, wall ${integer(medianOf('all rows', (report) => report.wallMs))} ms`,
	);
	console.log(
		`  every run uploaded all ${integer(rows)} rows as members: ${allRows ? 'yes' : 'NO, see the table'}`,
	);
	return { bytes, ratio: nodeWall / floorWall, nodeGrowth, allRowsGrowth };
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			contacts: { type: 'string' },
			runs: { type: 'string' },
			audiences: { type: 'string' },
			'cpu-prof-dir': { type: 'string' },
			'file-rows': { type: 'string' },
			'file-runs': { type: 'string' },
			'file-only': { type: 'boolean' },
			'apply-items': { type: 'string' },
			'get-items': { type: 'string' },
			'batch-only': { type: 'boolean' },
		},
	});
	const fileRows = (values['file-rows'] ?? '1100000,4500000')
		.split(',')
		.map((rows) => positiveInteger(rows, 'file-rows', 0));
	const fileRuns = positiveInteger(values['file-runs'], 'file-runs', 1);
	const fileOnly = values['file-only'] === true;
	const batchOnly = values['batch-only'] === true;
	const applyItems = positiveInteger(values['apply-items'], 'apply-items', 10_000);
	const getItems = positiveInteger(values['get-items'], 'get-items', 1000);
	const options: BenchOptions = {
		contacts: positiveInteger(values.contacts, 'contacts', 100_000),
		runsPerSide: positiveInteger(values.runs, 'runs', 7),
		audiences: positiveInteger(values.audiences, 'audiences', 150_000),
		cpuProfileDir:
			values['cpu-prof-dir'] === undefined ? undefined : resolve(values['cpu-prof-dir']),
	};
	const benchStart = performance.now();
	const cpu = cpus();
	console.log('TikTok for Business: audience sync benchmark');
	console.log(
		`Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${process.platform}`,
	);

	const hashRate = fileOnly || batchOnly ? 0 : benchHashing(options);
	const emulatorProcess = await startEmulator();
	let sync: SyncSummary | undefined;
	let batch: BatchSummary | undefined;
	const fileResults: FileSummary[] = [];
	const folder = mkdtempSync(join(tmpdir(), 'tiktok-bench-files-'));
	try {
		const emulator = new EmulatorControl(emulatorProcess.url);
		console.log(`\nEmulator: separate process at ${emulator.url}`);
		if (!fileOnly && !batchOnly) sync = await benchSync(emulator, options);
		if (!fileOnly) {
			batch = await benchBatch(emulator, applyItems, getItems);
			await benchList(emulator, options.audiences);
		}
		for (const rows of batchOnly ? [] : fileRows) {
			fileResults.push(await benchFile(emulator, folder, rows, fileRuns, options.cpuProfileDir));
		}
	} finally {
		await stopProcess(emulatorProcess.process);
		rmSync(folder, { recursive: true, force: true });
	}
	if (options.cpuProfileDir !== undefined) {
		console.log(`\nCPU profiles of the node's sync processes: ${options.cpuProfileDir}`);
	}
	console.log(`\nBench took ${((performance.now() - benchStart) / 1000).toFixed(0)} s`);
	console.log(
		`Load average at the end: ${loadavg()
			.map((load) => load.toFixed(2))
			.join(' ')}`,
	);
	// The largest file gives file_ratio and file_rss_mib; the smallest, file_rss_small_mib.
	const large = fileResults[fileResults.length - 1];
	const small = fileResults[0];
	if (large !== undefined) {
		console.log(
			`Customer files, node peak RSS growth from ${mebibytes(small.bytes)} to ${mebibytes(large.bytes)}: ${mebibytes(small.nodeGrowth)} → ${mebibytes(large.nodeGrowth)} (${((large.nodeGrowth / small.nodeGrowth - 1) * 100).toFixed(0)} %); with Remove Duplicate Rows off ${mebibytes(small.allRowsGrowth)} → ${mebibytes(large.allRowsGrowth)} (${((large.allRowsGrowth / small.allRowsGrowth - 1) * 100).toFixed(0)} %)`,
		);
	}
	const fields = [
		...(sync === undefined
			? []
			: [
					`ratio=${sync.ratio.toFixed(2)}`,
					`rss_ratio=${sync.rssRatio.toFixed(2)}`,
					`calls=${sync.calls}`,
					`min_calls=${sync.minimumCalls}`,
					`hash_rate=${Math.round(hashRate)}`,
				]),
		...(batch === undefined
			? []
			: [`batch_calls=${batch.calls}`, `batch_min=${batch.minimumCalls}`]),
		...(large === undefined
			? []
			: [
					`file_ratio=${large.ratio.toFixed(2)}`,
					`file_rss_mib=${(large.nodeGrowth / MEBIBYTE).toFixed(0)}`,
					`file_rss_small_mib=${(small.nodeGrowth / MEBIBYTE).toFixed(0)}`,
				]),
	];
	console.log(`RESULT ${fields.join(' ')}`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
