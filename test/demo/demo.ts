/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, no-console -- the demo runs in Node and never ships in the package */
// `npm start`: the TikTok API emulator plus a real n8n with this package installed, a sandbox
// credential and a ready workflow. Ctrl-C stops everything, and so do SIGINT, SIGTERM or SIGHUP
// to the npm process and the end of whatever process started the demo.
//
// Ports: the emulator on 127.0.0.1:18080 (production) and :18081 (sandbox); n8n on 127.0.0.1:5678
// or the next free port. Override with TIKTOK_DEMO_EMULATOR_PORT, TIKTOK_DEMO_SANDBOX_PORT and
// TIKTOK_DEMO_PORT. The demo's n8n user folder is .cache/demo (recreated on every start).
import { spawn, type ChildProcess } from 'node:child_process';
import {
	createWriteStream,
	existsSync,
	mkdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
	type WriteStream,
} from 'node:fs';
import { join } from 'node:path';
import type { IConnections, IDataObject, INode } from 'n8n-workflow';

import { ensureN8n, installPackage, PACKAGE_NAME, PACKAGE_ROOT } from '../n8n/install';
import {
	freePort,
	isPortFree,
	n8nEnvironment,
	newEncryptionKey,
	N8nRest,
	runN8nCliOrThrow,
	startN8nServer,
	stopAllProcessGroups,
	trackProcessGroup,
	waitForFreePorts,
	type N8nServer,
} from '../n8n/process';

export const DEMO_LOGIN = {
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'User',
	// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- the printed login of a throwaway local n8n
	password: 'TikTok-Demo-2026',
};
export const DEMO_WORKFLOW_ID = 'tiktokDemoAudience';
export const DEMO_CONNECT_WORKFLOW_ID = 'tiktokDemoOAuth2';
export const DEMO_HOME = join(PACKAGE_ROOT, '.cache', 'demo');
/** Written once the demo is ready: the editor URL and the workflow, for test/demo/check.ts. */
export const DEMO_STATE_FILE = join(DEMO_HOME, 'demo.json');

const NODE_TYPE = `${PACKAGE_NAME}.tikTokForBusiness`;
const DEFAULT_N8N_PORT = 5678;

/** What test/emulator/cli.ts prints once it listens. */
interface EmulatorReady {
	ready: true;
	url: string;
	sandboxUrl: string;
	appId: string;
	appSecret: string;
	sandboxToken: string;
	sandboxAdvertiserId: string;
}

function portFromEnv(name: string, fallback: number): number {
	const value = process.env[name];
	if (value === undefined || value === '') return fallback;
	if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535) {
		throw new Error(`${name} must be a port number, not "${value}"`);
	}
	return Number(value);
}

async function requireFreePort(port: number, what: string, variable: string): Promise<void> {
	if (!(await isPortFree(port))) {
		throw new Error(
			`Port ${port} on 127.0.0.1 (${what}) is already in use. Stop what uses it, or choose another ` +
				`port: ${variable}=<port> npm start`,
		);
	}
}

async function pickN8nPort(): Promise<number> {
	if (process.env.TIKTOK_DEMO_PORT) {
		const port = portFromEnv('TIKTOK_DEMO_PORT', DEFAULT_N8N_PORT);
		await requireFreePort(port, 'n8n', 'TIKTOK_DEMO_PORT');
		return port;
	}
	for (let port = DEFAULT_N8N_PORT; port < DEFAULT_N8N_PORT + 20; port++) {
		if (await isPortFree(port)) return port;
	}
	throw new Error(
		`Ports ${DEFAULT_N8N_PORT}-${DEFAULT_N8N_PORT + 19} are all in use; set TIKTOK_DEMO_PORT`,
	);
}

/** Starts test/emulator/cli.ts in its own process group and waits for its ready line. */
async function startEmulatorProcess(
	port: number,
	sandboxPort: number,
): Promise<{ child: ChildProcess; ready: EmulatorReady }> {
	const child = spawn(
		process.execPath,
		[
			'--import',
			'tsx',
			'test/emulator/cli.ts',
			'--port',
			String(port),
			'--sandbox-port',
			String(sandboxPort),
		],
		{ cwd: PACKAGE_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	trackProcessGroup(child);
	let stdout = '';
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
	const ready = await new Promise<EmulatorReady>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`The TikTok emulator did not start within 30 s.\n${stderr}`)),
			30_000,
		);
		child.stdout?.on('data', (chunk: Buffer) => {
			stdout += chunk.toString('utf8');
			const line = stdout.split('\n').find((candidate) => candidate.startsWith('{'));
			if (!line) return;
			try {
				const parsed = JSON.parse(line) as EmulatorReady;
				if (parsed.ready) {
					clearTimeout(timer);
					resolve(parsed);
				}
			} catch {
				// the line is not complete yet
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`The TikTok emulator exited with code ${code}.\n${stderr || stdout}`));
		});
	});
	child.stdout?.removeAllListeners('data');
	child.stdout?.resume();
	return { child, ready };
}

/** This process's parent as the kernel sees it now (Linux); process.ppid never changes. */
function currentParentPid(): number | undefined {
	try {
		const stat = readFileSync('/proc/self/stat', 'utf8');
		// "pid (comm) state ppid …"; comm may hold spaces and parentheses.
		return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
	} catch {
		return undefined;
	}
}

/**
 * Calls `onGone` once the process that started the demo has ended. npm does not pass on SIGHUP,
 * and nothing can pass on SIGKILL; without this the demo would keep its ports with nobody left
 * to stop it.
 */
function watchLauncher(onGone: () => void): void {
	const launcher = process.ppid;
	const timer = setInterval(() => {
		const parent = currentParentPid();
		let gone: boolean;
		if (parent !== undefined) {
			// An orphan is adopted at once, before anything reaps the dead parent.
			gone = parent !== launcher;
		} else {
			try {
				process.kill(launcher, 0);
				gone = false;
			} catch (error) {
				gone = (error as NodeJS.ErrnoException).code === 'ESRCH';
			}
		}
		if (gone) {
			clearInterval(timer);
			onGone();
		}
	}, 500);
	timer.unref();
}

/** The demo that wrote DEMO_STATE_FILE, if its process is still alive. */
function runningDemo(): { pid: number; editorUrl: string } | undefined {
	if (!existsSync(DEMO_STATE_FILE)) return undefined;
	try {
		const state = JSON.parse(readFileSync(DEMO_STATE_FILE, 'utf8')) as {
			pid: number;
			editorUrl: string;
		};
		process.kill(state.pid, 0);
		return state;
	} catch {
		return undefined;
	}
}

// -- what the demo imports into n8n -----------------------------------------------------------

const CONTACTS = [
	{ firstName: 'Ada', email: '  Ada.Lovelace@Example.com ' },
	{ firstName: 'Grace', email: 'grace.hopper@example.org' },
	{ firstName: 'Linus', email: 'LINUS@EXAMPLE.NET' },
	{ firstName: 'Margaret', email: 'margaret.hamilton@example.com' },
	{ firstName: 'Alan', email: 'alan.turing@example.co.uk' },
	{ firstName: 'Typo', email: 'not-an-email-address' },
	// TikTok keeps an audience only with at least 1,000 people (it refuses a Replace that leaves
	// fewer), so the sample list is large enough to run the sync again and again.
	...Array.from({ length: 1200 }, (_, index) => ({
		firstName: `Subscriber ${index + 1}`,
		email: `subscriber${index + 1}@example.com`,
	})),
];

function credentials(emulator: EmulatorReady) {
	return {
		sandbox: {
			id: 'tiktokDemoSandbox',
			name: 'TikTok sandbox (demo emulator)',
			type: 'tikTokForBusinessSandboxApi',
			data: {
				accessToken: emulator.sandboxToken,
				advertiserId: emulator.sandboxAdvertiserId,
				baseUrl: emulator.sandboxUrl,
			},
		},
		production: {
			id: 'tiktokDemoOAuth2',
			name: 'TikTok production (demo emulator, click Connect)',
			type: 'tikTokForBusinessOAuth2Api',
			data: {
				clientId: emulator.appId,
				clientSecret: emulator.appSecret,
				baseUrl: emulator.url,
			},
		},
	};
}

function chain(nodes: INode[]): IConnections {
	const connections: IConnections = {};
	for (let index = 0; index < nodes.length - 1; index++) {
		if (nodes[index].type === 'n8n-nodes-base.stickyNote') continue;
		const next = nodes.slice(index + 1).find((node) => node.type !== 'n8n-nodes-base.stickyNote');
		if (next)
			connections[nodes[index].name] = { main: [[{ node: next.name, type: 'main', index: 0 }]] };
	}
	return connections;
}

function stickyNote(id: string, content: string, position: [number, number]): INode {
	return {
		id,
		name: `Note ${id}`,
		type: 'n8n-nodes-base.stickyNote',
		typeVersion: 1,
		position,
		parameters: { content, height: 300, width: 420 },
	};
}

function workflows(emulator: EmulatorReady) {
	const { sandbox, production } = credentials(emulator);
	const sandboxCredential = { [sandbox.type]: { id: sandbox.id, name: sandbox.name } };
	const advertiserId = { __rl: true, mode: 'id', value: emulator.sandboxAdvertiserId };
	const audienceNodes: INode[] = [
		stickyNote(
			'about',
			[
				'## TikTok for Business demo',
				'Click **Execute workflow**. 1,206 sample contacts become one TikTok custom audience: ' +
					'the node trims, lower-cases and SHA-256 hashes the e-mails, drops the invalid one, ' +
					"uploads a customer file and creates the audience, or updates it on later runs. The last node lists the ad account's " +
					'audiences.',
				'',
				`Everything talks to the local TikTok emulator (${emulator.sandboxUrl}), not to TikTok.`,
			].join('\n'),
			[-40, -360],
		),
		{
			id: 'demo-trigger',
			name: "When clicking 'Execute workflow'",
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'demo-contacts',
			name: 'Sample CRM contacts',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				mode: 'raw',
				jsonOutput: JSON.stringify({ contacts: CONTACTS }),
				options: {},
			},
		},
		{
			id: 'demo-split',
			name: 'One item per contact',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [440, 0],
			parameters: { fieldToSplitOut: 'contacts', include: 'noOtherFields', options: {} },
		},
		{
			id: 'demo-create',
			name: 'Sync TikTok audience',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [660, 0],
			parameters: {
				authentication: sandbox.type,
				resource: 'audience',
				operation: 'upsert',
				advertiserId,
				audienceName: 'Demo: newsletter contacts',
				membersAction: 'REPLACE',
				source: 'items',
				identifierFields: { emailField: 'email' },
			},
			credentials: sandboxCredential,
		},
		{
			id: 'demo-list',
			name: 'List TikTok audiences',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [880, 0],
			parameters: {
				authentication: sandbox.type,
				resource: 'audience',
				operation: 'getAll',
				advertiserId,
				returnAll: true,
			},
			credentials: sandboxCredential,
		},
	];
	const oauthNodes: INode[] = [
		stickyNote(
			'connect',
			[
				'## Production credential (OAuth2)',
				`Open the credential **${production.name}** and click **Connect my account**: ` +
					"the emulator's consent page approves at once and n8n stores the token. Then click " +
					'**Execute workflow** to list the ad accounts that authorized the app.',
			].join('\n'),
			[-40, -360],
		),
		{
			id: 'demo-oauth-trigger',
			name: "When clicking 'Execute workflow'",
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'demo-oauth-list',
			name: 'List ad accounts',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [220, 0],
			parameters: {
				authentication: production.type,
				resource: 'advertiser',
				operation: 'getAll',
				returnAll: true,
			},
			credentials: { [production.type]: { id: production.id, name: production.name } },
		},
	];
	const settings: IDataObject = { executionOrder: 'v1' };
	return [
		{
			id: DEMO_WORKFLOW_ID,
			name: 'TikTok demo: audience from contacts (sandbox)',
			nodes: audienceNodes,
			connections: chain(audienceNodes),
			active: false,
			settings,
		},
		{
			id: DEMO_CONNECT_WORKFLOW_ID,
			name: 'TikTok demo: list ad accounts (production OAuth2)',
			nodes: oauthNodes,
			connections: chain(oauthNodes),
			active: false,
			settings,
		},
	];
}

// -- main ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
	const started = Date.now();
	const emulatorPort = portFromEnv('TIKTOK_DEMO_EMULATOR_PORT', 18080);
	const sandboxPort = portFromEnv('TIKTOK_DEMO_SANDBOX_PORT', 18081);

	let emulator: ChildProcess | undefined;
	let server: N8nServer | undefined;
	let log: WriteStream | undefined;
	let ownsDemoFolder = false;
	let stopping = false;
	// Ports the demo's own listeners hold; the next `npm start` needs them free.
	const ports: number[] = [];
	const shutdown = async (code: number, reason?: string): Promise<never> => {
		if (!stopping) {
			stopping = true;
			// After SIGHUP or a killed launcher, output may go to a closed terminal or pipe.
			for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
			if (reason) console.log(`\n${reason}`);
			if (server || emulator) console.log('Stopping n8n and the TikTok emulator…');
			// n8n first, gracefully (it closes its database), while the emulator still answers.
			if (server) await server.stop();
			// The emulator, and n8n commands that were still starting up.
			await stopAllProcessGroups(5_000);
			const busy = await waitForFreePorts(ports, 10_000);
			if (busy.length > 0) console.error(`Ports still in use after stopping: ${busy.join(', ')}`);
			log?.end();
			if (ownsDemoFolder) {
				// n8n copies its editor (thousands of files) into the user folder on every start; left
				// in the repository they would slow down `eslint .` (npm run lint) a lot.
				rmSync(join(DEMO_HOME, 'home', '.cache'), { recursive: true, force: true });
				rmSync(DEMO_STATE_FILE, { force: true });
			}
			if (server || emulator) console.log('Stopped.');
			process.exit(code);
		}
		return await new Promise<never>(() => undefined);
	};
	// Ctrl-C reaches the demo directly; `kill` and IDE stop buttons signal npm, which passes SIGINT
	// and SIGTERM on (the start script execs the demo, so no shell sits in between and drops them).
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(signal, () => void shutdown(0));
	}
	// Raise SIGTERM, so that every handler runs: also the n8n installer's, which stops npm.
	watchLauncher(() => process.kill(process.pid, 'SIGTERM'));

	try {
		const running = runningDemo();
		if (running) {
			throw new Error(
				`A demo is already running (pid ${running.pid}, ${running.editorUrl}); stop it first (Ctrl-C in its terminal, or kill ${running.pid})`,
			);
		}
		await requireFreePort(emulatorPort, 'TikTok emulator', 'TIKTOK_DEMO_EMULATOR_PORT');
		await requireFreePort(sandboxPort, 'TikTok emulator sandbox', 'TIKTOK_DEMO_SANDBOX_PORT');
		const n8nPort = await pickN8nPort();

		const n8n = await ensureN8n((line) => console.log(line));

		console.log(`Starting the TikTok emulator on 127.0.0.1:${emulatorPort} and :${sandboxPort}…`);
		const emulatorProcess = await startEmulatorProcess(emulatorPort, sandboxPort);
		emulator = emulatorProcess.child;
		ports.push(emulatorPort, sandboxPort);
		const ready = emulatorProcess.ready;
		emulator.once('exit', (code) => {
			void shutdown(1, `The TikTok emulator exited unexpectedly (code ${code}).`);
		});

		console.log(`Preparing a fresh n8n user folder in ${DEMO_HOME}…`);
		ownsDemoFolder = true;
		rmSync(DEMO_HOME, { recursive: true, force: true });
		const userFolder = join(DEMO_HOME, 'home');
		const importDir = join(DEMO_HOME, 'import');
		mkdirSync(importDir, { recursive: true });
		installPackage(userFolder);
		const brokerPort = await freePort();
		const env = n8nEnvironment({
			userFolder,
			encryptionKey: newEncryptionKey(),
			port: n8nPort,
			brokerPort,
		});
		const { sandbox, production } = credentials(ready);
		writeFileSync(join(importDir, 'credentials.json'), JSON.stringify([sandbox, production]));
		writeFileSync(join(importDir, 'workflows.json'), JSON.stringify(workflows(ready)));
		console.log('Importing the demo credentials and workflows into n8n…');
		await runN8nCliOrThrow(
			n8n,
			['import:credentials', `--input=${join(importDir, 'credentials.json')}`],
			env,
		);
		await runN8nCliOrThrow(
			n8n,
			['import:workflow', `--input=${join(importDir, 'workflows.json')}`],
			env,
		);

		const logFile = join(DEMO_HOME, 'n8n.log');
		log = createWriteStream(logFile);
		console.log(`Starting n8n ${n8n.version} on 127.0.0.1:${n8nPort} (its log: ${logFile})…`);
		ports.push(n8nPort, brokerPort);
		server = await startN8nServer(n8n, env, { onLine: (line) => log?.write(`${line}\n`) });
		server.child.once('exit', (code) => {
			void shutdown(1, `n8n exited unexpectedly (code ${code}); see ${logFile}`);
		});
		await new N8nRest(server.url).setupOwner(DEMO_LOGIN);
		writeFileSync(
			DEMO_STATE_FILE,
			`${JSON.stringify(
				{
					editorUrl: server.url,
					login: { email: DEMO_LOGIN.email, password: DEMO_LOGIN.password },
					workflowId: DEMO_WORKFLOW_ID,
					connectWorkflowId: DEMO_CONNECT_WORKFLOW_ID,
					emulatorUrl: ready.url,
					sandboxUrl: ready.sandboxUrl,
					pid: process.pid,
				},
				null,
				'\t',
			)}\n`,
		);

		const seconds = Math.round((Date.now() - started) / 1000);
		console.log(
			[
				'',
				`TikTok for Business demo is ready (${seconds} s).`,
				'',
				`  n8n editor   ${server.url}`,
				`  Log in with  ${DEMO_LOGIN.email}  /  ${DEMO_LOGIN.password}`,
				`  Workflow     ${server.url}/workflow/${DEMO_WORKFLOW_ID}`,
				`  Emulator     ${ready.url} (production), ${ready.sandboxUrl} (sandbox);`,
				`               what it holds: ${ready.url}/__emulator/state`,
				'',
				'What to click:',
				`  1. Open ${server.url} and log in.`,
				'  2. Open "TikTok demo: audience from contacts (sandbox)" and click "Execute workflow".',
				'     "Sync TikTok audience" (Create or Update) turns 1,206 contacts into one audience',
				'     (1,205 uploaded, 1 invalid e-mail dropped); "List TikTok audiences" shows it. Run',
				'     it again: the same audience is updated, never duplicated.',
				'  3. Optional: open "TikTok demo: list ad accounts (production OAuth2)", open its',
				'     credential, click "Connect my account" (the emulator approves at once), then',
				'     "Execute workflow".',
				'',
				'Everything runs on 127.0.0.1 against the emulator; nothing reaches TikTok.',
				'Press Ctrl-C to stop (or send SIGTERM to npm).',
			].join('\n'),
		);
	} catch (error) {
		console.error(`\nThe demo could not start: ${error instanceof Error ? error.message : error}`);
		await shutdown(1);
	}
}

if (require.main === module) void main();
