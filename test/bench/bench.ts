/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- benchmark runs in Node and never ships in the package */
// Audience sync benchmark against the local emulator: the node (in n8n's WorkflowExecute) against
// a hand-written plain-Node sync, plus normalise + hash throughput and Get Many paging.
// Run: npm run bench [-- --contacts 100000 --runs 7 --audiences 150000 --cpu-prof-dir <dir>
//                      --file-rows 1100000,4500000 --file-runs 1 --file-only
//                      --apply-items 10000 --get-items 1000 --batch-only]
// Ends with one line: RESULT ratio=… rss_ratio=… calls=… min_calls=… hash_rate=… batch_calls=…
// batch_min=… file_ratio=… file_rss_mib=… file_rss_small_mib=… (--file-only: the file fields
// alone; --batch-only: the batching and Return All cases, batch fields alone)
// The cases: syncBench.ts (sync, hashing), requestBench.ts (Get Many, batching), fileBench.ts
// (customer files); processes.ts starts the emulator and the measured runs; report.ts formats.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

import { EmulatorControl, positiveInteger } from './common';
import { benchFile, type FileSummary } from './fileBench';
import { startEmulator, stopProcess } from './processes';
import { mebibytes, MEBIBYTE } from './report';
import { benchBatch, benchList, type BatchSummary } from './requestBench';
import { benchHashing, benchSync, type BenchOptions, type SyncSummary } from './syncBench';

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
