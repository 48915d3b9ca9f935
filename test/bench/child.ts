/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- benchmark runs in Node and never ships in the package */
// One measured run in a fresh process, so that neither side's memory carries the other's (or the
// emulator's). Started by bench.ts; ends by printing one BENCH_RESULT line.
//   --side node-sync | baseline-sync   sync --contacts contacts into a new audience --name
//   --side node-list                   Get Many with Return All for --advertiser
//   --side node-batch                  Apply with --contacts items (one audience, one new ad group
//                                      each), then Get with --get-items items
//   --side node-file | baseline-file   create --name from the e-mail customer file at --file
//                                      (node-file --keep-duplicates: Remove Duplicate Rows off)
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
	INodeType,
} from 'n8n-workflow';

import type { Emulator } from '../emulator';
import { DEFAULT_WORLD } from '../emulator/seed';
import { syncAudienceByHand } from './baseline';
import { fileToAudienceByHand } from './fileFloor';
import {
	API_PATH,
	EmulatorControl,
	LIST_ENDPOINT,
	measure,
	positiveInteger,
	PRODUCTION_TOKEN,
	reportToParent,
	resetPeakRss,
	statusBytes,
	LIST_ADVERTISER_ID,
	SYNC_ADVERTISER_ID,
	syntheticContacts,
	type BatchReport,
	type Contact,
	type ListReport,
	type Measurement,
	type SyncReport,
} from './common';

// A Customer File audience of the synced advertiser in the emulator's seed.
const APPLY_AUDIENCE_ID = DEFAULT_WORLD.audiences.newsletter.id;

interface ChildOptions {
	url: string;
	contacts: number;
	name: string;
	advertiserId: string;
	file?: string;
	getItems: number;
	keepDuplicates: boolean;
}

function asItems(contacts: Contact[]): Array<{ json: Contact }> {
	return contacts.map((json) => ({ json }));
}

/**
 * Marks where the node's own code starts: n8n copies every input item before it calls the node,
 * and that copy is n8n's memory, not the node's. Collects garbage, resets the peak, notes RSS.
 */
function markNodeStart(nodeType: INodeType, mark: { rssAtNodeStartBytes?: number }): void {
	const execute = nodeType.execute!;
	const collect = (globalThis as { gc?: () => void }).gc;
	nodeType.execute = async function (this: IExecuteFunctions) {
		collect?.();
		collect?.();
		resetPeakRss();
		mark.rssAtNodeStartBytes = statusBytes('VmRSS');
		return await execute.call(this);
	};
}

/** The node, run by n8n's WorkflowExecute through the test harness. */
async function loadNodeRunner(url: string, mark: { rssAtNodeStartBytes?: number } = {}) {
	// Loaded here so that the baseline's process never holds n8n.
	const { runWorkflow, getPackage } = await import('../support/harness');
	const { byId, productionCredential, tikTokNode } = await import('../support/tiktok');
	const { loader } = await getPackage();
	markNodeStart(loader.nodeTypes.tikTokForBusiness.type as INodeType, mark);
	// Only the emulator's URL is read to build the credential.
	const credentials = [productionCredential({ url } as Emulator)];
	return async (parameters: INodeParameters, items: INodeExecutionData[]) => {
		const node = tikTokNode({
			...parameters,
			advertiserId: byId(String(parameters.advertiserId)),
		});
		const result = await runWorkflow({ nodes: [node], connections: {} }, { items, credentials });
		if (result.error) throw result.error;
		return (result.outputs[node.name] ?? []).map((item) => item.json);
	};
}

/** What a node run reports: its measurements and what the node's output says it uploaded. */
function nodeReport(
	measured: Measurement<IDataObject[]>,
	firstRequestIndex: number,
	mark: { rssAtNodeStartBytes?: number },
): SyncReport {
	const [output] = measured.value;
	const files = (output?.files ?? []) as Array<{ bytes: number }>;
	return {
		wallMs: measured.wallMs,
		cpuMs: measured.cpuMs,
		rssBeforeBytes: measured.rssBeforeBytes,
		peakRssBytes: measured.peakRssBytes,
		peakSource: measured.peakSource,
		firstRequestIndex,
		audienceId: String(output?.audienceId),
		uploadedBytes: files.reduce((sum, file) => sum + file.bytes, 0),
		rssAtNodeStartBytes: mark.rssAtNodeStartBytes,
	};
}

async function nodeSync(options: ChildOptions): Promise<SyncReport> {
	const items = asItems(syntheticContacts(options.contacts));
	const mark: { rssAtNodeStartBytes?: number } = {};
	const runNode = await loadNodeRunner(options.url, mark);
	// Warms n8n's request path with one small read, as a long-running instance would be.
	await runNode(
		{ resource: 'audience', operation: 'getAll', advertiserId: options.advertiserId, limit: 1 },
		[{ json: {} }],
	);
	const firstRequestIndex = await new EmulatorControl(options.url).requestCount();
	const measured = await measure(
		async () =>
			await runNode(
				{
					resource: 'audience',
					operation: 'create',
					advertiserId: options.advertiserId,
					audienceName: options.name,
					source: 'items',
					identifierFields: { emailField: 'email', phoneField: 'phone' },
				},
				items,
			),
	);
	return nodeReport(measured, firstRequestIndex, mark);
}

type HandConnection = { url: string; accessToken: string; advertiserId: string };

/**
 * Runs a hand-written plain-Node side: the same warm-up as the node's (one small authenticated
 * read), then the measured work and its report.
 */
async function baselineRun(
	options: ChildOptions,
	work: (connection: HandConnection) => Promise<{ audienceId: string; uploadedBytes: number }>,
): Promise<SyncReport> {
	const connection = {
		url: options.url,
		accessToken: PRODUCTION_TOKEN,
		advertiserId: options.advertiserId,
	};
	const warmUp = await fetch(
		`${options.url}${API_PATH}${LIST_ENDPOINT}?advertiser_id=${options.advertiserId}&page_size=1`,
		{ headers: { 'Access-Token': PRODUCTION_TOKEN } },
	);
	await warmUp.json();
	const firstRequestIndex = await new EmulatorControl(options.url).requestCount();
	const measured = await measure(async () => await work(connection));
	return {
		wallMs: measured.wallMs,
		cpuMs: measured.cpuMs,
		rssBeforeBytes: measured.rssBeforeBytes,
		peakRssBytes: measured.peakRssBytes,
		peakSource: measured.peakSource,
		firstRequestIndex,
		audienceId: measured.value.audienceId,
		uploadedBytes: measured.value.uploadedBytes,
	};
}

async function baselineSync(options: ChildOptions): Promise<SyncReport> {
	const items = asItems(syntheticContacts(options.contacts));
	return await baselineRun(
		options,
		async (connection) => await syncAudienceByHand(items, connection, options.name),
	);
}

async function nodeList(options: ChildOptions): Promise<ListReport> {
	const runNode = await loadNodeRunner(options.url);
	const firstRequestIndex = await new EmulatorControl(options.url).requestCount();
	const measured = await measure(
		async () =>
			await runNode(
				{
					resource: 'audience',
					operation: 'getAll',
					advertiserId: options.advertiserId,
					returnAll: true,
				},
				[{ json: {} }],
			),
	);
	return {
		wallMs: measured.wallMs,
		firstRequestIndex,
		audiencesReturned: measured.value.length,
		rssBeforeBytes: measured.rssBeforeBytes,
		peakRssBytes: measured.peakRssBytes,
	};
}

/**
 * Apply for many items of one audience, each with its own new ad group, then Get for many
 * audiences: the calls these make are what batching saves. The ad groups and audiences are
 * seeded through the control API, before the counted calls.
 */
async function nodeBatch(options: ChildOptions): Promise<BatchReport> {
	const control = new EmulatorControl(options.url);
	const adGroupIds = await control.addAdGroups(SYNC_ADVERTISER_ID, options.contacts);
	await control.addAudiences(LIST_ADVERTISER_ID, options.getItems);
	const audienceIds = (await control.state()).audiences
		.filter((audience) => audience.ownerId === LIST_ADVERTISER_ID)
		.map((audience) => audience.audienceId);
	const runNode = await loadNodeRunner(options.url);
	const firstRequestIndex = await control.requestCount();
	const measured = await measure(async () => {
		const applied = await runNode(
			{
				resource: 'audience',
				operation: 'applyToAdGroups',
				advertiserId: SYNC_ADVERTISER_ID,
				audienceId: { __rl: true, mode: 'id', value: APPLY_AUDIENCE_ID },
				adGroupIds: '={{ $json.adGroupId }}',
				usageMode: 'Include',
			},
			adGroupIds.map((adGroupId) => ({ json: { adGroupId } })),
		);
		const got = await runNode(
			{
				resource: 'audience',
				operation: 'get',
				advertiserId: LIST_ADVERTISER_ID,
				audienceId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
			},
			audienceIds.map((id) => ({ json: { id } })),
		);
		return [...applied, ...got];
	});
	return {
		firstRequestIndex,
		applyItems: adGroupIds.length,
		getItems: audienceIds.length,
		failedItems: measured.value.filter((json) => json.error !== undefined).length,
		wallMs: measured.wallMs,
	};
}

// The node's default "Rows per File"; the floor splits its files the same way.
const ROWS_PER_FILE = 500_000;

/** Create from a customer file kept in n8n's filesystem binary store, as Read Files from Disk leaves it. */
async function nodeFile(options: ChildOptions): Promise<SyncReport> {
	const mark: { rssAtNodeStartBytes?: number } = {};
	const runNode = await loadNodeRunner(options.url, mark);
	await runNode(
		{ resource: 'audience', operation: 'getAll', advertiserId: options.advertiserId, limit: 1 },
		[{ json: {} }],
	);
	const { BinaryDataService } = await import('n8n-core');
	const { Container } = createRequire(require.resolve('n8n-core'))('@n8n/di') as {
		Container: { get<T>(service: new (...args: never[]) => T): T };
	};
	const stored = await Container.get(BinaryDataService).store(
		{ type: 'execution', workflowId: 'bench', executionId: `bench-${process.pid}` },
		createReadStream(options.file!),
		{ data: '', mimeType: 'text/csv', fileName: 'contacts.csv' },
	);
	if (!String(stored.id).startsWith('filesystem')) {
		throw new Error(`The binary was stored as ${stored.id}, not in filesystem mode`);
	}
	const firstRequestIndex = await new EmulatorControl(options.url).requestCount();
	const measured = await measure(
		async () =>
			await runNode(
				{
					resource: 'audience',
					operation: 'create',
					advertiserId: options.advertiserId,
					audienceName: options.name,
					source: 'file',
					inputDataFieldName: 'data',
					fileIdentifierType: 'email',
					options: options.keepDuplicates ? { removeDuplicates: false } : {},
				},
				[{ json: {}, binary: { data: stored } }],
			),
	);
	return nodeReport(measured, firstRequestIndex, mark);
}

async function baselineFile(options: ChildOptions): Promise<SyncReport> {
	return await baselineRun(
		options,
		async (connection) =>
			await fileToAudienceByHand(options.file!, connection, options.name, ROWS_PER_FILE),
	);
}

const SIDES = {
	'node-sync': nodeSync,
	'baseline-sync': baselineSync,
	'node-list': nodeList,
	'node-batch': nodeBatch,
	'node-file': nodeFile,
	'baseline-file': baselineFile,
} satisfies Record<string, (options: ChildOptions) => Promise<object>>;

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			side: { type: 'string' },
			url: { type: 'string' },
			contacts: { type: 'string' },
			name: { type: 'string' },
			advertiser: { type: 'string' },
			file: { type: 'string' },
			'get-items': { type: 'string' },
			'keep-duplicates': { type: 'boolean' },
		},
	});
	const side = values.side as keyof typeof SIDES | undefined;
	if (side === undefined || !(side in SIDES)) {
		throw new Error(`--side must be one of ${Object.keys(SIDES).join(', ')}`);
	}
	if (values.url === undefined) throw new Error('--url is required');
	const report = await SIDES[side]({
		url: values.url,
		contacts: positiveInteger(values.contacts, 'contacts', 100_000),
		name: values.name ?? 'Bench audience',
		advertiserId: values.advertiser ?? SYNC_ADVERTISER_ID,
		file: values.file,
		getItems: positiveInteger(values['get-items'], 'get-items', 1000),
		keepDuplicates: values['keep-duplicates'] === true,
	});
	reportToParent(report);
}

main().then(
	// n8n leaves timers and sockets open; the result is out, so the process can end.
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
