/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test tooling runs in Node and never ships in the package */
// Redis and PostgreSQL for n8n's queue mode, on 127.0.0.1 in temporary folders: Debian's
// `redis-server` and `postgresql`, installed with apt-get when missing. Each server runs in its own
// process group (tracked by process.ts, so none outlives the test process). A server that cannot
// be installed or started throws: the suites that need it fail rather than skip.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
	chmodSync,
	chownSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	rmSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, stopProcessGroup, trackProcessGroup } from './process';

export type Log = (line: string) => void;

export interface Service {
	name: string;
	port: number;
	child: ChildProcess;
	/** Everything the server printed so far. */
	output(): string;
	/** Stops the server's process group and removes its folder. */
	stop(): Promise<void>;
}

interface RunResult {
	code: number;
	stdout: string;
	stderr: string;
}

async function run(command: string, args: string[], env = process.env): Promise<RunResult> {
	return await new Promise((resolve) => {
		execFile(command, args, { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
			resolve({ code, stdout, stderr: stderr || (error && code !== 0 ? error.message : '') });
		});
	});
}

async function runOrThrow(command: string, args: string[]): Promise<string> {
	const result = await run(command, args);
	if (result.code !== 0) {
		throw new Error(
			`${command} ${args.join(' ')} exited with ${result.code}:\n${result.stderr.trim()}\n${result.stdout.trim()}`.slice(
				0,
				4000,
			),
		);
	}
	return result.stdout;
}

/** Installs a Debian package with apt-get (as root), refreshing the package lists once if needed. */
export async function aptInstall(log: Log, debianPackage: string): Promise<void> {
	if (process.getuid?.() !== 0) {
		throw new Error(`${debianPackage} is missing and only root can install it with apt-get`);
	}
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const install = ['install', '-y', '--no-install-recommends', debianPackage];
	const started = Date.now();
	log(`apt-get ${install.join(' ')}`);
	let result = await run('apt-get', install, env);
	if (result.code !== 0) {
		log(`apt-get install failed (${result.stderr.trim().split('\n').at(-1)}); apt-get update`);
		await run('apt-get', ['update'], env);
		result = await run('apt-get', install, env);
	}
	if (result.code !== 0) {
		throw new Error(
			`apt-get could not install ${debianPackage} (exit ${result.code}):\n${result.stderr.trim()}`,
		);
	}
	log(`installed ${debianPackage} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const REDIS_SERVER = '/usr/bin/redis-server';

/** redis-server, installed from Debian's package when missing. */
export async function ensureRedis(log: Log): Promise<string> {
	if (!existsSync(REDIS_SERVER)) await aptInstall(log, 'redis-server');
	if (!existsSync(REDIS_SERVER))
		throw new Error(`apt-get installed redis-server, but ${REDIS_SERVER} is missing`);
	return REDIS_SERVER;
}

/** The newest PostgreSQL's bin folder (/usr/lib/postgresql/<major>/bin), installed when missing. */
export async function ensurePostgres(log: Log): Promise<string> {
	const find = () => {
		const root = '/usr/lib/postgresql';
		const majors = existsSync(root)
			? readdirSync(root)
					.filter((major) => existsSync(join(root, major, 'bin', 'initdb')))
					.sort((a, b) => Number(b) - Number(a))
			: [];
		return majors.length > 0 ? join(root, majors[0], 'bin') : undefined;
	};
	if (!find()) await aptInstall(log, 'postgresql');
	const bin = find();
	if (!bin)
		throw new Error('apt-get installed postgresql, but no /usr/lib/postgresql/*/bin/initdb');
	return bin;
}

function spawnServer(
	command: string,
	args: string[],
): { child: ChildProcess; output: () => string } {
	const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	trackProcessGroup(child);
	const chunks: string[] = [];
	child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
	child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
	return { child, output: () => chunks.join('') };
}

/** Sends one line to 127.0.0.1:port and resolves with the first reply, or undefined. */
async function ask(port: number, line: string): Promise<string | undefined> {
	return await new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		const done = (reply: string | undefined) => {
			socket.destroy();
			resolve(reply);
		};
		socket.setTimeout(1_000, () => done(undefined));
		socket.once('error', () => done(undefined));
		socket.once('connect', () => socket.write(line));
		socket.once('data', (chunk: Buffer) => done(chunk.toString('utf8')));
	});
}

async function waitUntil(
	name: string,
	child: ChildProcess,
	output: () => string,
	ready: () => Promise<boolean>,
	timeoutMs = 60_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(
				`${name} exited (code ${child.exitCode}, signal ${child.signalCode}) before it was ready:\n${output().slice(-3000)}`,
			);
		}
		if (await ready()) return;
		if (Date.now() > deadline) {
			await stopProcessGroup(child, 2_000);
			throw new Error(
				`${name} was not ready within ${timeoutMs / 1000} s:\n${output().slice(-3000)}`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** A Redis that keeps nothing on disk, on a free port of 127.0.0.1. */
export async function startRedis(log: Log): Promise<Service> {
	const bin = await ensureRedis(log);
	const folder = mkdtempSync(join(tmpdir(), 'tiktok-redis-'));
	const port = await freePort();
	const { child, output } = spawnServer(bin, [
		'--port',
		String(port),
		'--bind',
		'127.0.0.1',
		'--dir',
		folder,
		'--save',
		'',
		'--appendonly',
		'no',
		'--daemonize',
		'no',
	]);
	await waitUntil(
		'redis-server',
		child,
		output,
		async () => (await ask(port, 'PING\r\n'))?.startsWith('+PONG') ?? false,
	);
	const version = (await runOrThrow(bin, ['--version'])).match(/v=(\S+)/)?.[1] ?? '?';
	log(`Redis ${version} on 127.0.0.1:${port}`);
	return {
		name: `Redis ${version}`,
		port,
		child,
		output,
		stop: async () => {
			await stopProcessGroup(child, 10_000);
			rmSync(folder, { recursive: true, force: true });
		},
	};
}

export interface PostgresService extends Service {
	user: string;
	database: string;
	/** Runs SQL with psql; returns the rows, columns separated by `|`. */
	query(sql: string): Promise<string[][]>;
}

/**
 * A throwaway PostgreSQL cluster on a free port of 127.0.0.1 (trust authentication, no fsync).
 * PostgreSQL refuses to run as root: initdb and the server run as the `postgres` user.
 */
export async function startPostgres(log: Log, database = 'n8n'): Promise<PostgresService> {
	const bin = await ensurePostgres(log);
	const owner = (await runOrThrow('id', ['-u', 'postgres'])).trim();
	const group = (await runOrThrow('id', ['-g', 'postgres'])).trim();
	const folder = mkdtempSync(join(tmpdir(), 'tiktok-postgres-'));
	// The postgres user must reach its folders inside the root-owned temporary folder.
	chmodSync(folder, 0o755);
	const data = join(folder, 'data');
	const sockets = join(folder, 'sockets');
	for (const dir of [data, sockets]) {
		mkdirSync(dir);
		chownSync(dir, Number(owner), Number(group));
	}
	const asPostgres = (command: string, args: string[]) =>
		runOrThrow('runuser', ['-u', 'postgres', '--', join(bin, command), ...args]);
	await asPostgres('initdb', [
		'-D',
		data,
		'-U',
		'postgres',
		'-A',
		'trust',
		'-E',
		'UTF8',
		'--no-sync',
	]);
	const port = await freePort();
	const { child, output } = spawnServer('runuser', [
		'-u',
		'postgres',
		'--',
		join(bin, 'postgres'),
		'-D',
		data,
		'-p',
		String(port),
		'-k',
		sockets,
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'fsync=off',
		'-c',
		'max_connections=200',
	]);
	const pgIsReady = async () =>
		(await run(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)])).code === 0;
	await waitUntil('postgres', child, output, pgIsReady);
	await asPostgres('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', database]);
	const version = (await runOrThrow(join(bin, 'postgres'), ['--version'])).trim();
	log(`${version} on 127.0.0.1:${port}, database ${database}`);
	return {
		name: version,
		port,
		child,
		output,
		user: 'postgres',
		database,
		query: async (sql) => {
			const args = ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database];
			const rows = await runOrThrow(join(bin, 'psql'), [
				...args,
				'-AtX',
				'-v',
				'ON_ERROR_STOP=1',
				'-c',
				sql,
			]);
			return rows
				.split('\n')
				.filter((row) => row !== '')
				.map((row) => row.split('|'));
		},
		stop: async () => {
			await stopProcessGroup(child, 15_000);
			rmSync(folder, { recursive: true, force: true });
		},
	};
}
