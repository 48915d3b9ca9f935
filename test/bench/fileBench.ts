/* eslint-disable @n8n/community-nodes/no-restricted-imports, no-console -- benchmark runs in Node and never ships in the package */
// Create from a customer file on disk: the node against the streaming floor (fileFloor.ts).
import { once } from 'node:events';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

import { CREATE_ENDPOINT, UPLOAD_ENDPOINT, type EmulatorControl, type SyncReport } from './common';
import { callsTo, runChild } from './processes';
import {
	growth,
	integer,
	mebibytes,
	median,
	ownGrowth,
	printSyncRun,
	type RunSide,
	type SyncRun,
} from './report';

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

export interface FileSummary {
	bytes: number;
	ratio: number;
	nodeGrowth: number;
	/** The node's growth with Remove Duplicate Rows off. */
	allRowsGrowth: number;
}

/** Create from one customer file: the node (filesystem binary mode) against the streaming floor. */
export async function benchFile(
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
