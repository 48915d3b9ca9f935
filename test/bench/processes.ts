/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, no-console -- benchmark runs in Node and never ships in the package; it starts the emulator and each measured run as child processes */
// The benchmark's child processes: the emulator (test/emulator/cli.ts) and the measured runs
// (child.ts), and the emulator's request log.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import type { RecordedRequest } from '../emulator/types';
import { API_PATH, CHILD_RESULT_PREFIX } from './common';

export const ROOT = join(__dirname, '..', '..');
const CHILD = join(__dirname, 'child.ts');
const EMULATOR_CLI = join(ROOT, 'test/emulator/cli.ts');

function tsxArguments(script: string, extra: string[] = []): string[] {
	return ['--expose-gc', ...extra, '--import', 'tsx', script];
}

export async function startEmulator(): Promise<{ process: ChildProcess; url: string }> {
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

export async function stopProcess(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = once(child, 'exit');
	child.kill('SIGTERM');
	await exited;
}

/** Runs child.ts and returns the report it ends with. */
export async function runChild<T>(args: string[], nodeFlags: string[] = []): Promise<T> {
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

export function callsTo(requests: RecordedRequest[], endpoint: string): RecordedRequest[] {
	return requests.filter((request) => request.path === `${API_PATH}${endpoint}`);
}
