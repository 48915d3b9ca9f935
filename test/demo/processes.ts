/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- the demo runs in Node and never ships in the package */
// The demo's processes: free ports, the emulator as a child process, the launcher that started
// the demo, and a demo already running.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

import { PACKAGE_ROOT } from '../n8n/install';
import { isPortFree, trackProcessGroup } from '../n8n/process';
import { DEMO_STATE_FILE } from './constants';

const DEFAULT_N8N_PORT = 5678;

/** What test/emulator/cli.ts prints once it listens. */
export interface EmulatorReady {
	ready: true;
	url: string;
	sandboxUrl: string;
	appId: string;
	appSecret: string;
	sandboxToken: string;
	sandboxAdvertiserId: string;
}

export function portFromEnv(name: string, fallback: number): number {
	const value = process.env[name];
	if (value === undefined || value === '') return fallback;
	if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535) {
		throw new Error(`${name} must be a port number, not "${value}"`);
	}
	return Number(value);
}

export async function requireFreePort(port: number, what: string, variable: string): Promise<void> {
	if (!(await isPortFree(port))) {
		throw new Error(
			`Port ${port} on 127.0.0.1 (${what}) is already in use. Stop what uses it, or choose another ` +
				`port: ${variable}=<port> npm start`,
		);
	}
}

export async function pickN8nPort(): Promise<number> {
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
export async function startEmulatorProcess(
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
export function watchLauncher(onGone: () => void): void {
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
export function runningDemo(): { pid: number; editorUrl: string } | undefined {
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
