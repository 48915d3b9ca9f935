/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- the demo runs in Node and never ships in the package */
// `npm start`: the TikTok API emulator plus a real n8n with this package installed, a sandbox
// credential and a ready workflow. Ctrl-C stops everything, and so do SIGINT, SIGTERM or SIGHUP
// to the npm process and the end of whatever process started the demo.
//
// Ports: the emulator on 127.0.0.1:18080 (production) and :18081 (sandbox); n8n on 127.0.0.1:5678
// or the next free port. Override with TIKTOK_DEMO_EMULATOR_PORT, TIKTOK_DEMO_SANDBOX_PORT and
// TIKTOK_DEMO_PORT. The demo's n8n user folder is .cache/demo (recreated on every start).
//
// Parts: constants.ts (login, workflow IDs, files), processes.ts (ports, the emulator process,
// the launcher), workflows.ts (the credentials and workflows imported into n8n).
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

import { ensureN8n, installPackage } from '../n8n/install';
import {
	freePort,
	n8nEnvironment,
	newEncryptionKey,
	N8nRest,
	runN8nCliOrThrow,
	startN8nServer,
	stopAllProcessGroups,
	waitForFreePorts,
	type N8nServer,
} from '../n8n/process';
import {
	DEMO_CONNECT_WORKFLOW_ID,
	DEMO_HOME,
	DEMO_LOGIN,
	DEMO_STATE_FILE,
	DEMO_WORKFLOW_ID,
} from './constants';
import {
	pickN8nPort,
	portFromEnv,
	requireFreePort,
	runningDemo,
	startEmulatorProcess,
	watchLauncher,
} from './processes';
import { credentials, workflows } from './workflows';

export {
	DEMO_CONNECT_WORKFLOW_ID,
	DEMO_HOME,
	DEMO_LOGIN,
	DEMO_STATE_FILE,
	DEMO_WORKFLOW_ID,
} from './constants';

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
