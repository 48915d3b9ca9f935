/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test tooling runs in Node and never ships in the package */
// `npm start` stops completely however it is told to: Ctrl-C in a terminal, SIGTERM or SIGINT to
// the npm process (what `kill`, IDE stop buttons and supervisors send), or the npm process dying
// of SIGHUP, which it does not pass on. Each case runs the real `npm start` in a throwaway copy of
// the repository (its own build, demo folder and ports), waits for the editor URL, signals, and
// then requires that npm, the demo, the emulator, n8n and n8n's task runner are gone and the ports
// free.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { ensureN8n, n8nHome, PACKAGE_ROOT } from '../n8n/install';
import { freePort, isPortFree } from '../n8n/process';
import { assert, before, describe, it } from '../support/testing';
import { SETUP_TIMEOUT_MS, SKIP_E2E, TEST_TIMEOUT_MS } from './support';

/** Ctrl-C stops the demo in about 3 s; n8n's own graceful shutdown is capped at 10 s. */
const STOP_BOUND_MS = 30_000;
const READY_TIMEOUT_MS = 4 * 60_000;
/** Not copied: installed, built or generated. node_modules is linked instead. */
const NOT_COPIED = new Set(['node_modules', 'dist', '.cache', '.e2e', '.git']);

interface ProcessRow {
	pid: number;
	ppid: number;
	pgid: number;
	args: string;
}

/** Every live process (zombies are dead, merely not yet reaped). */
function processTable(): ProcessRow[] {
	const listing = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat=,args='], {
		encoding: 'utf8',
		maxBuffer: 16 * 1024 * 1024,
	});
	const rows: ProcessRow[] = [];
	for (const line of listing.split('\n')) {
		const match = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
		if (match && !match[4].startsWith('Z')) {
			rows.push({
				pid: Number(match[1]),
				ppid: Number(match[2]),
				pgid: Number(match[3]),
				args: match[5],
			});
		}
	}
	return rows;
}

/** npm, its descendants, and every process in their process groups (the demo's children lead their own). */
function demoProcesses(npmPid: number): ProcessRow[] {
	const table = processTable();
	const tree = new Set([npmPid]);
	for (let added = true; added; ) {
		added = false;
		for (const row of table) {
			if (!tree.has(row.pid) && tree.has(row.ppid)) {
				tree.add(row.pid);
				added = true;
			}
		}
	}
	const groups = new Set(table.filter((row) => tree.has(row.pid)).map((row) => row.pgid));
	return table.filter((row) => tree.has(row.pid) || groups.has(row.pgid));
}

/** Processes of the snapshot that still run, and anything new in their process groups. */
function leftovers(snapshot: ProcessRow[]): ProcessRow[] {
	const pids = new Set(snapshot.map((row) => row.pid));
	const groups = new Set(snapshot.map((row) => row.pgid));
	return processTable().filter((row) => pids.has(row.pid) || groups.has(row.pgid));
}

const describeRow = (row: ProcessRow) => `${row.pid} (group ${row.pgid}) ${row.args.slice(0, 160)}`;

function throwawayCopy(): string {
	const copy = join(mkdtempSync(join(tmpdir(), 'tiktok-demo-stop-')), 'repo');
	cpSync(PACKAGE_ROOT, copy, {
		recursive: true,
		preserveTimestamps: true,
		filter: (source) => source === PACKAGE_ROOT || !NOT_COPIED.has(basename(source)),
	});
	symlinkSync(join(PACKAGE_ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
	// npm start's bootstrap reinstalls when the lockfile is newer than node_modules; an npm ci
	// here would work on the linked node_modules of this checkout.
	const installed = statSync(join(copy, 'node_modules', '.package-lock.json')).mtimeMs;
	if (installed < statSync(join(copy, 'package-lock.json')).mtimeMs) {
		throw new Error('node_modules is older than package-lock.json: run npm ci first');
	}
	return copy;
}

async function distinctFreePorts(count: number): Promise<number[]> {
	const ports = new Set<number>();
	while (ports.size < count) ports.add(await freePort());
	return [...ports];
}

interface RunningDemo {
	npm: ChildProcess;
	npmPid: number;
	ports: number[];
	output(): string;
}

/** `npm start` in `copy`, in its own process group as in a terminal; resolves at the editor URL. */
async function startDemo(copy: string): Promise<RunningDemo> {
	const ports = await distinctFreePorts(3);
	const env: NodeJS.ProcessEnv = {
		...process.env,
		TIKTOK_N8N_HOME: n8nHome(),
		TIKTOK_DEMO_EMULATOR_PORT: String(ports[0]),
		TIKTOK_DEMO_SANDBOX_PORT: String(ports[1]),
		TIKTOK_DEMO_PORT: String(ports[2]),
	};
	// Set for this test file's process by the test runner; the demo is no test.
	delete env.NODE_TEST_CONTEXT;
	const npm = spawn('npm', ['start'], {
		cwd: copy,
		env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	npm.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	npm.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	const started = Date.now();
	while (!/n8n editor\s+http:\/\/127\.0\.0\.1:\d+/.test(output)) {
		if (npm.exitCode !== null || npm.signalCode !== null) {
			throw new Error(
				`npm start exited (${npm.exitCode ?? npm.signalCode}) before the demo was ready:\n${output}`,
			);
		}
		if (Date.now() - started > READY_TIMEOUT_MS) {
			throw new Error(
				`npm start printed no editor URL within ${READY_TIMEOUT_MS / 1000} s:\n${output}`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	if (npm.pid === undefined) throw new Error('npm start has no pid');
	return { npm, npmPid: npm.pid, ports, output: () => output };
}

function killAll(rows: ProcessRow[]): void {
	for (const row of rows) {
		for (const target of [-row.pgid, row.pid]) {
			try {
				process.kill(target, 'SIGKILL');
			} catch {
				// already gone
			}
		}
	}
}

const CASES: Array<{ how: string; send: (npmPid: number) => void }> = [
	{
		how: 'SIGTERM to the npm process',
		send: (npmPid) => process.kill(npmPid, 'SIGTERM'),
	},
	{
		how: 'SIGINT to the npm process',
		send: (npmPid) => process.kill(npmPid, 'SIGINT'),
	},
	{
		how: 'Ctrl-C (SIGINT to the whole foreground process group)',
		send: (npmPid) => process.kill(-npmPid, 'SIGINT'),
	},
	{
		how: 'SIGHUP to the npm process, which npm does not pass on',
		send: (npmPid) => process.kill(npmPid, 'SIGHUP'),
	},
];

describe('npm start stops the whole demo', { skip: SKIP_E2E }, () => {
	// Install n8n here, with progress, rather than inside a demo that has a deadline.
	before(async () => void (await ensureN8n((line) => process.stderr.write(`[e2e] ${line}\n`))), {
		timeout: SETUP_TIMEOUT_MS,
	});

	for (const { how, send } of CASES) {
		it(`on ${how}`, { timeout: TEST_TIMEOUT_MS }, async (t) => {
			const copy = throwawayCopy();
			let snapshot: ProcessRow[] = [];
			try {
				const demo = await startDemo(copy);
				snapshot = demoProcesses(demo.npmPid);
				const running = snapshot.map(describeRow).join('\n');
				for (const expected of [/test\/demo\/demo\.ts/, /test\/emulator\/cli\.ts/, /n8n start$/]) {
					assert.ok(
						snapshot.some((row) => expected.test(row.args)),
						`no process matches ${expected} among npm start's:\n${running}`,
					);
				}

				const sent = Date.now();
				send(demo.npmPid);
				let left = leftovers(snapshot);
				let busy = demo.ports;
				while (Date.now() - sent < STOP_BOUND_MS) {
					left = leftovers(snapshot);
					busy = [];
					for (const port of demo.ports) if (!(await isPortFree(port))) busy.push(port);
					if (left.length === 0 && busy.length === 0) break;
					await new Promise((resolve) => setTimeout(resolve, 200));
				}
				t.diagnostic(
					left.length === 0 && busy.length === 0
						? `all ${snapshot.length} processes gone and ports free ${Date.now() - sent} ms after ${how}`
						: `${left.length} of ${snapshot.length} processes left ${Date.now() - sent} ms after ${how}`,
				);
				const tail = demo.output().trim().split('\n').slice(-8).join('\n');
				assert.deepEqual(
					left.map(describeRow),
					[],
					`still running ${STOP_BOUND_MS / 1000} s after ${how} (of:\n${running})\n--- npm start printed ---\n${tail}`,
				);
				assert.deepEqual(busy, [], `ports still in use after ${how}`);
			} finally {
				killAll(leftovers(snapshot));
				rmSync(join(copy, '..'), { recursive: true, force: true });
			}
		});
	}
});
