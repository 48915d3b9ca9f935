/* eslint-disable no-console -- benchmark runs in Node and never ships in the package */
// Get Many with Return All over many audiences, and batching of Apply and Get.
import {
	LIST_ADVERTISER_ID,
	LIST_ENDPOINT,
	type BatchReport,
	type EmulatorControl,
	type ListReport,
} from './common';
import { callsTo, runChild } from './processes';
import { integer, mebibytes, verdict } from './report';

const LIST_PAGE_SIZE = 100;
// TikTok's limit for ad group IDs per apply and audience IDs per get request.
const IDS_PER_REQUEST = 100;
const APPLY_ENDPOINT = '/dmp/custom_audience/apply/';
const GET_ENDPOINT = '/dmp/custom_audience/get/';

export interface ListSummary {
	calls: number;
	minimumCalls: number;
	growthBytes: number;
	returned: number;
}

/** Get Many with Return All: its pages, its peak memory growth, and that it ends at all. */
export async function benchList(
	emulator: EmulatorControl,
	audienceCount: number,
): Promise<ListSummary> {
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

export interface BatchSummary {
	calls: number;
	minimumCalls: number;
}

/** Apply for many items of one audience, then Get for many audiences: calls against the minimum. */
export async function benchBatch(
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
