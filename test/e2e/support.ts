/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test tooling runs in Node and never ships in the package */
// End-to-end helpers: a real n8n (installed once into the cache by test/n8n/install.ts) with
// the built package installed as a community package, a fresh user folder per suite, and the
// TikTok emulator running in the test process.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IConnections, IDataObject, INode, INodeParameters } from 'n8n-workflow';

import {
	ensureN8n,
	installPackage,
	N8N_2_8,
	PACKAGE_NAME,
	type N8nInstallation,
	type N8nVersion,
} from '../n8n/install';
import {
	describeRun,
	freePort,
	killChildrenOnSignals,
	n8nEnvironment,
	newEncryptionKey,
	runN8nCli,
	startN8nServer,
	type CliResult,
	type N8nServer,
} from '../n8n/process';
import { DEFAULT_WORLD, startEmulator, type Emulator, type RecordedRequest } from '../emulator';

export const NODE_TYPE = `${PACKAGE_NAME}.tikTokForBusiness`;
export const TOOL_NODE_TYPE = `${NODE_TYPE}Tool`;
export const PRODUCTION = 'tikTokForBusinessOAuth2Api';
export const SANDBOX = 'tikTokForBusinessSandboxApi';
export const ADVERTISERS = DEFAULT_WORLD.advertisers;
export const TOKENS = DEFAULT_WORLD.tokens;

const isSet = (value: string | undefined) => /^(1|true|yes)$/i.test(value ?? '');

// A skipped suite passes silently, so CI would stay green without ever starting n8n.
if (isSet(process.env.TIKTOK_SKIP_E2E) && isSet(process.env.CI)) {
	throw new Error(
		'TIKTOK_SKIP_E2E is set under CI=true: CI must run the end-to-end suites; unset TIKTOK_SKIP_E2E',
	);
}

/** Set TIKTOK_SKIP_E2E=1 to leave the real-n8n suites out of a quick local run (not under CI). */
export const SKIP_E2E = isSet(process.env.TIKTOK_SKIP_E2E) ? 'TIKTOK_SKIP_E2E is set' : false;

/** The first run installs n8n: several minutes, far more on a busy machine that compiles sqlite3. */
export const SETUP_TIMEOUT_MS = 30 * 60_000;
export const TEST_TIMEOUT_MS = 5 * 60_000;
const CLI_TIMEOUT_MS = 180_000;

function progress(line: string): void {
	process.stderr.write(`[e2e] ${line}\n`);
}

export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: IDataObject;
}

export interface WorkflowFile {
	id: string;
	name: string;
	nodes: INode[];
	connections: IConnections;
	active: false;
	settings: IDataObject;
}

/** The parts of n8n's IRun that `n8n execute --rawOutput` prints and the tests read. */
export interface ExecutionResult {
	status?: string;
	data: {
		resultData: {
			runData: Record<
				string,
				Array<{
					data?: { main?: Array<Array<{ json: IDataObject }> | null> };
					error?: { message?: string; description?: string };
				}>
			>;
			error?: { message?: string; description?: string };
			lastNodeExecuted?: string;
		};
	};
}

export interface Execution {
	cli: CliResult;
	/** The run n8n printed, if it printed one. */
	result?: ExecutionResult;
	/** Requests the emulator received while the command ran. */
	requests: RecordedRequest[];
}

/** Finds the JSON document that `n8n execute --rawOutput` printed among n8n's log lines. */
export function parseRawOutput(stdout: string): ExecutionResult | undefined {
	const lines = stdout.split('\n');
	const first = lines.findIndex((line) => line === '{');
	if (first < 0) return undefined;
	for (let last = lines.length - 1; last > first; last--) {
		if (lines[last] !== '}') continue;
		try {
			return JSON.parse(lines.slice(first, last + 1).join('\n')) as ExecutionResult;
		} catch {
			// log lines after the document: try an earlier closing brace
		}
	}
	return undefined;
}

function withoutRunDocument(stdout: string): string {
	const lines = stdout.split('\n');
	const first = lines.findIndex((line) => line === '{');
	const last = lines.lastIndexOf('}');
	if (first < 0 || last < first) return stdout;
	return [...lines.slice(0, first), '(run document omitted)', ...lines.slice(last + 1)].join('\n');
}

/** The JSON of the items a node returned on its first output. */
export function nodeOutput(result: ExecutionResult | undefined, nodeName: string): IDataObject[] {
	const runs = result?.data.resultData.runData[nodeName];
	if (!runs || runs.length === 0) {
		throw new Error(
			`node "${nodeName}" did not run; nodes that ran: ${Object.keys(result?.data.resultData.runData ?? {}).join(', ')}`,
		);
	}
	return runs.flatMap((run) => run.data?.main?.[0] ?? []).map((item) => item.json);
}

/** A fresh n8n user folder with the package installed, and an emulator in this process. */
export class E2eInstance {
	private constructor(
		readonly label: string,
		readonly n8n: N8nInstallation,
		readonly userFolder: string,
		readonly workDir: string,
		readonly env: NodeJS.ProcessEnv,
		readonly emulator: Emulator,
	) {}

	/**
	 * `withPackage: false` leaves the user folder without the package, for a suite that installs
	 * it the way a user does (from a registry, through n8n's own installer).
	 */
	static async create(
		label: string,
		version: N8nVersion = N8N_2_8,
		{ serverPort, withPackage = true }: { serverPort?: number; withPackage?: boolean } = {},
	): Promise<E2eInstance> {
		killChildrenOnSignals();
		const n8n = await ensureN8n(progress, version);
		const root = mkdtempSync(join(tmpdir(), `tiktok-e2e-${label}-`));
		const userFolder = join(root, 'home');
		const workDir = join(root, 'files');
		// Also when the run is interrupted (killChildrenOnSignals exits through process.exit).
		if (!process.env.TIKTOK_E2E_KEEP) {
			process.once('exit', () => rmSync(root, { recursive: true, force: true }));
		}
		mkdirSync(workDir, { recursive: true });
		if (withPackage) installPackage(userFolder);
		const env = n8nEnvironment({
			userFolder,
			encryptionKey: newEncryptionKey(),
			port: serverPort ?? (await freePort()),
			brokerPort: await freePort(),
		});
		// The suite must run the n8n and Node it names, not whatever a cache folder holds.
		const reported = await runN8nCli(n8n, ['--version'], env, CLI_TIMEOUT_MS);
		const nodeReported = await runNode(n8n.node, ['--version']);
		const wantedNode = version.nodeVersion ?? process.versions.node;
		if (reported.stdout.trim() !== version.n8nVersion || nodeReported !== `v${wantedNode}`) {
			throw new Error(
				`expected n8n ${version.n8nVersion} on Node ${wantedNode}, but ${n8n.bin} reports ` +
					`n8n ${reported.stdout.trim() || '(nothing)'} on Node ${nodeReported}\n${describeRun(reported)}`,
			);
		}
		progress(`${label}: n8n ${version.n8nVersion} on Node ${wantedNode} (${n8n.home})`);
		const emulator = await startEmulator();
		return new E2eInstance(label, n8n, userFolder, workDir, env, emulator);
	}

	/** Runs an n8n command; throws with n8n's output unless it exits with 0. */
	async cli(args: string[], timeoutMs = CLI_TIMEOUT_MS): Promise<CliResult> {
		const result = await runN8nCli(this.n8n, args, this.env, timeoutMs);
		if (result.code !== 0 || result.timedOut) throw new Error(describeRun(result));
		return result;
	}

	async exportNodes(): Promise<
		Array<{ name: string; displayName: string; credentials?: IDataObject[] }>
	> {
		const file = join(this.workDir, 'nodes.json');
		await this.cli(['export:nodes', `--output=${file}`]);
		return JSON.parse(readFileSync(file, 'utf8')) as Array<{
			name: string;
			displayName: string;
		}>;
	}

	/** `n8n import:credentials` (n8n encrypts the data objects on import). */
	async importCredentials(credentials: StoredCredential[]): Promise<void> {
		const file = join(this.workDir, `credentials-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(credentials, null, '\t'));
		await this.cli(['import:credentials', `--input=${file}`]);
	}

	/** `n8n import:workflow` of several workflows in one call. */
	async importWorkflows(workflows: WorkflowFile[]): Promise<void> {
		const file = join(this.workDir, `workflows-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(workflows, null, '\t'));
		await this.cli(['import:workflow', `--input=${file}`]);
	}

	/** `n8n execute --id … --rawOutput`; does not throw when the workflow fails. */
	async execute(workflowId: string): Promise<Execution> {
		const before = this.emulator.requests.length;
		const cli = await runN8nCli(
			this.n8n,
			['execute', `--id=${workflowId}`, '--rawOutput'],
			this.env,
			CLI_TIMEOUT_MS,
		);
		if (cli.timedOut) throw new Error(describeRun(cli));
		// n8n prints the run on success, and also (before the error) when the workflow failed.
		return {
			cli,
			result: parseRawOutput(cli.stdout),
			requests: this.emulator.requests.slice(before),
		};
	}

	/** Like execute, but throws with n8n's output unless the workflow succeeded. */
	async executeOk(workflowId: string): Promise<Execution & { result: ExecutionResult }> {
		const execution = await this.execute(workflowId);
		const { cli, result } = execution;
		const error = result?.data.resultData.error;
		if (cli.code !== 0 || !result || error) {
			const summary = error
				? `workflow ${workflowId} failed in node "${result?.data.resultData.lastNodeExecuted}": ` +
					`${error.message}${error.description ? `\n${error.description}` : ''}`
				: `workflow ${workflowId} failed`;
			// n8n's log lines without the run document it printed (already summarised above).
			const logs = { ...cli, stdout: withoutRunDocument(cli.stdout) };
			throw new Error(`${summary}\n${describeRun(logs)}`);
		}
		return execution as Execution & { result: ExecutionResult };
	}

	async startServer(): Promise<N8nServer> {
		return await startN8nServer(this.n8n, this.env);
	}

	async close(): Promise<void> {
		await this.emulator.close();
		if (process.env.TIKTOK_E2E_KEEP) {
			progress(`kept the ${this.label} user folder: ${this.userFolder}`);
			return;
		}
		rmSync(join(this.userFolder, '..'), { recursive: true, force: true });
	}
}

async function runNode(node: string, args: string[]): Promise<string> {
	return await new Promise((resolve, reject) =>
		execFile(node, args, (error, stdout) => (error ? reject(error) : resolve(stdout.trim()))),
	);
}

// -- workflow building ------------------------------------------------------------------------

export function byId(value: string) {
	return { __rl: true, mode: 'id', value };
}

export function manualTrigger(): INode {
	return {
		id: 'e2e-manual-trigger',
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
}

/** Edit Fields (Set) in raw JSON mode: one item holding `value`. */
export function setJson(name: string, value: IDataObject, position: [number, number]): INode {
	return {
		id: `e2e-${name.toLowerCase().replace(/\W+/g, '-')}`,
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position,
		parameters: { mode: 'raw', jsonOutput: JSON.stringify(value, null, 2), options: {} },
	};
}

/** Split Out: one item per element of the field's array. */
export function splitOut(name: string, field: string, position: [number, number]): INode {
	return {
		id: `e2e-${name.toLowerCase().replace(/\W+/g, '-')}`,
		name,
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position,
		parameters: { fieldToSplitOut: field, include: 'noOtherFields', options: {} },
	};
}

export function tikTokNode(
	name: string,
	credential: Pick<StoredCredential, 'id' | 'name' | 'type'>,
	parameters: INodeParameters,
	position: [number, number],
): INode {
	return {
		id: `e2e-${name.toLowerCase().replace(/\W+/g, '-')}`,
		name,
		type: NODE_TYPE,
		typeVersion: 1,
		position,
		parameters: { authentication: credential.type, ...parameters },
		credentials: { [credential.type]: { id: credential.id, name: credential.name } },
	};
}

/** A workflow whose nodes run one after the other, in the given order. */
export function chainWorkflow(id: string, name: string, nodes: INode[]): WorkflowFile {
	const connections: IConnections = {};
	for (let index = 0; index < nodes.length - 1; index++) {
		connections[nodes[index].name] = {
			main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]],
		};
	}
	return { id, name, nodes, connections, active: false, settings: { executionOrder: 'v1' } };
}

/** The Access-Token header of every API request (not the OAuth page or token exchange). */
export function accessTokensUsed(requests: RecordedRequest[]): string[] {
	return requests
		.filter((request) => request.path.startsWith('/open_api/') && !request.path.includes('/oauth/'))
		.map((request) => request.headers['access-token'] ?? '(none)');
}
