/* eslint-disable no-console -- benchmark runs in Node and never ships in the package */
// How the benchmark reports: number formats, medians, verdicts and the table of measured runs.
import type { SyncReport } from './common';

export const MEBIBYTE = 1024 * 1024;

export type SyncSide = 'node' | 'baseline';
/** The node on a customer file with Remove Duplicate Rows off. */
export type RunSide = SyncSide | 'all rows';

export interface SyncRun {
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

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const integer = (value: number) => Math.round(value).toLocaleString('en-US');
export const mebibytes = (bytes: number) => `${(bytes / MEBIBYTE).toFixed(1)} MiB`;
export const millionsPerSecond = (perSecond: number) => `${(perSecond / 1e6).toFixed(2)}M ids/s`;
export const growth = (report: SyncReport) => report.peakRssBytes - report.rssBeforeBytes;
/** Growth from the node's own start; for the baseline, its whole run is its own. */
export const ownGrowth = (report: SyncReport) =>
	report.peakRssBytes - (report.rssAtNodeStartBytes ?? report.rssBeforeBytes);
export const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

export function printSyncRun(run: SyncRun): void {
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
