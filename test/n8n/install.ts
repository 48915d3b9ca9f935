/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, no-console -- local tooling runs in Node and never ships in the package */
// Installs the n8n that the demo and the end-to-end tests run (outside this package's dependency
// tree, in an ignored cache folder), and installs the built package into an n8n user folder the
// way n8n installs a community package.
//
// Run on its own: node --import tsx test/n8n/install.ts
import { spawn } from 'node:child_process';
import {
	cpSync,
	existsSync,
	mkdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

import { formatDuration, InstallProgress } from './install-progress';

/** The newest n8n that runs on Node 20. */
export const N8N_VERSION = '2.8.4';
export const PACKAGE_ROOT = resolve(__dirname, '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-tiktok-for-business';

// n8n-nodes-base depends on an xlsx tarball from a CDN that many networks cannot reach; the same
// library is published on the npm registry under another name.
const XLSX_OVERRIDE = 'npm:@e965/xlsx@0.20.3';
const MARKER = '.tiktok-n8n-installed.json';
const LOCK = '.tiktok-n8n-install.lock';

export interface N8nInstallation {
	/** The cache folder that holds node_modules/n8n. */
	home: string;
	/** n8n's command-line entry point, run with `node`. */
	bin: string;
	version: string;
}

export type Log = (line: string) => void;

/** `TIKTOK_N8N_HOME`, or `<repo>/.cache/n8n-<version>`. */
export function n8nHome(): string {
	const fromEnv = process.env.TIKTOK_N8N_HOME;
	return fromEnv ? resolve(fromEnv) : join(PACKAGE_ROOT, '.cache', `n8n-${N8N_VERSION}`);
}

function installation(home: string): N8nInstallation {
	return { home, bin: join(home, 'node_modules', 'n8n', 'bin', 'n8n'), version: N8N_VERSION };
}

function installedVersion(home: string): string | undefined {
	const marker = join(home, MARKER);
	if (!existsSync(marker)) return undefined;
	try {
		const { version } = JSON.parse(readFileSync(marker, 'utf8')) as { version?: string };
		const bin = installation(home).bin;
		return existsSync(bin) ? version : undefined;
	} catch {
		return undefined;
	}
}

/** The installation if it is complete, without installing anything. */
export function findN8n(home = n8nHome()): N8nInstallation | undefined {
	return installedVersion(home) === N8N_VERSION ? installation(home) : undefined;
}

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

const sleep = async (ms: number) => await new Promise((done) => setTimeout(done, ms));

/** One installer at a time per cache folder (the demo and several test files may ask at once). */
async function withLock<T>(home: string, log: Log, work: () => Promise<T>): Promise<T> {
	const lock = join(home, LOCK);
	let waitingSince: number | undefined;
	for (;;) {
		// mkdir is atomic: whoever creates the folder holds the lock.
		mkdirSync(home, { recursive: true });
		if (mkdirSync(lock, { recursive: true }) !== undefined) {
			writeFileSync(join(lock, 'pid'), `${process.pid}\n`);
			break;
		}
		let owner = Number.NaN;
		try {
			owner = Number(readFileSync(join(lock, 'pid'), 'utf8').trim());
		} catch {
			// the owner has not written its pid yet
		}
		const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0);
		if ((Number.isInteger(owner) && !pidAlive(owner)) || (Number.isNaN(owner) && age > 10_000)) {
			rmSync(lock, { recursive: true, force: true });
			continue;
		}
		if (waitingSince === undefined) {
			waitingSince = Date.now();
			log(`Another process (pid ${owner}) is installing n8n into ${home}; waiting for it…`);
		}
		await sleep(1000);
	}
	try {
		return await work();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

/**
 * The environment for the nested `npm install`. Under `npm test` / `npm start`, npm exports this
 * repository's .npmrc as npm_config_* variables, among them ignore-scripts=true (which the
 * package's own toolchain needs); n8n needs its install scripts (sqlite3 is built from source).
 */
function npmEnvironment(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (/^npm_(package_|lifecycle_|config_local_prefix$)/i.test(name)) continue;
		env[name] = value;
	}
	for (const name of Object.keys(env)) {
		if (/^npm_config_(ignore_scripts|yes|update_notifier)$/i.test(name)) delete env[name];
	}
	// npx calls in install scripts are cancelled when the user's npm config says yes=false.
	env.npm_config_yes = 'true';
	env.npm_config_ignore_scripts = 'false';
	env.npm_config_update_notifier = 'false';
	return env;
}

/** n8n cannot open its database without sqlite3's native binding, built by an install script. */
async function verifyInstall(home: string): Promise<void> {
	const probe = spawn(process.execPath, ['-e', "require('sqlite3')"], {
		cwd: home,
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	let stderr = '';
	probe.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
	const code = await new Promise<number | null>((done) => probe.once('close', done));
	if (code !== 0) {
		throw new Error(
			`n8n's sqlite3 module does not load in ${home} (were install scripts skipped?): ` +
				stderr.trim().split('\n').slice(-3).join(' '),
		);
	}
}

export interface NpmInstallOptions {
	/** What is installed, for the progress lines ("n8n 2.8.4"). */
	label: string;
	heartbeatMs?: number;
}

/**
 * `npm install` in `home` with install scripts on, printing every `heartbeatMs` what npm is doing
 * and a figure that moves (see install-progress.ts). npm's output goes to `home/npm-install.log`.
 */
export async function npmInstall(
	home: string,
	log: Log,
	{ label, heartbeatMs = 15_000 }: NpmInstallOptions,
): Promise<void> {
	const logFile = join(home, 'npm-install.log');
	const output: Buffer[] = [];
	const started = Date.now();
	const progress = new InstallProgress(home, started);
	// loglevel http: one line per manifest and tarball, which the progress counts.
	const child = spawn('npm', ['install', '--no-audit', '--no-fund', '--loglevel=http'], {
		cwd: home,
		env: npmEnvironment(),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const onOutput = (chunk: Buffer) => {
		output.push(chunk);
		progress.onOutput(chunk);
	};
	child.stdout.on('data', onOutput);
	child.stderr.on('data', onOutput);
	let describing = false;
	const heartbeat = setInterval(() => {
		if (describing) return;
		describing = true;
		void progress
			.describe(child.pid)
			.then((line) => {
				if (child.exitCode === null) log(`  … installing ${label}, ${line}`);
			})
			.finally(() => (describing = false));
	}, heartbeatMs);
	const onSignal = () => child.kill('SIGTERM');
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	const code = await new Promise<number | null>((done, fail) => {
		child.once('error', fail);
		child.once('close', done);
	}).finally(() => {
		clearInterval(heartbeat);
		process.removeListener('SIGINT', onSignal);
		process.removeListener('SIGTERM', onSignal);
	});
	const text = Buffer.concat(output).toString('utf8');
	writeFileSync(logFile, text);
	if (code !== 0) {
		const tail = text.trim().split('\n').slice(-30).join('\n');
		throw new Error(
			`npm install of ${label} failed (exit code ${code}) in ${home}. Full log: ${logFile}\n${tail}`,
		);
	}
	const scripts = progress.packagesWithScripts;
	log(
		`  npm finished in ${formatDuration(Date.now() - started)}` +
			(scripts.length > 0 ? ` (install scripts ran for ${scripts.join(', ')})` : ''),
	);
}

/**
 * Installs n8n into the cache folder unless a complete installation is there. The marker is
 * written only after npm succeeded, so an interrupted install is redone.
 */
export async function ensureN8n(log: Log = console.log): Promise<N8nInstallation> {
	const home = n8nHome();
	const ready = findN8n(home);
	if (ready) return ready;
	mkdirSync(home, { recursive: true });
	return await withLock(home, log, async () => {
		const done = findN8n(home);
		if (done) return done;
		rmSync(join(home, MARKER), { force: true });
		log(
			`Installing n8n ${N8N_VERSION} into ${home} (one time, 2.3 GB; several minutes, more where ` +
				'sqlite3 is compiled from source)…',
		);
		writeFileSync(
			join(home, 'package.json'),
			`${JSON.stringify(
				{
					name: 'tiktok-for-business-n8n-runtime',
					private: true,
					description: `n8n ${N8N_VERSION} for the demo and end-to-end tests of ${PACKAGE_NAME}`,
					dependencies: { n8n: N8N_VERSION },
					overrides: { xlsx: XLSX_OVERRIDE },
				},
				null,
				'\t',
			)}\n`,
		);
		await npmInstall(home, log, { label: `n8n ${N8N_VERSION}` });
		const { version } = JSON.parse(
			readFileSync(join(home, 'node_modules', 'n8n', 'package.json'), 'utf8'),
		) as { version: string };
		if (version !== N8N_VERSION) {
			throw new Error(`npm installed n8n ${version} in ${home}, expected ${N8N_VERSION}`);
		}
		await verifyInstall(home);
		writeFileSync(
			join(home, MARKER),
			`${JSON.stringify({ version, installedAt: new Date().toISOString() })}\n`,
		);
		log(`n8n ${N8N_VERSION} is installed in ${home}`);
		return installation(home);
	});
}

/** Where n8n keeps community packages inside a user folder (`N8N_USER_FOLDER`). */
export function communityPackageDir(userFolder: string): string {
	return join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
}

/**
 * Installs the built package into an n8n user folder as n8n's community package installer leaves
 * it: `package.json` and `dist/` in `<userFolder>/.n8n/nodes/node_modules/<package>/`. Build first.
 * `TIKTOK_PACKAGE_DIR` installs another copy instead (e.g. an unpacked `npm pack` tarball).
 */
export function installPackage(
	userFolder: string,
	source = process.env.TIKTOK_PACKAGE_DIR ? resolve(process.env.TIKTOK_PACKAGE_DIR) : PACKAGE_ROOT,
): string {
	const dist = join(source, 'dist');
	const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as {
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	const entries = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	const missing = entries.filter((entry) => !existsSync(join(source, entry)));
	if (!existsSync(dist) || missing.length > 0) {
		throw new Error(
			`The package in ${source} is not built (missing ${missing.join(', ') || 'dist/'}); run npm run build first`,
		);
	}
	const target = communityPackageDir(userFolder);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	cpSync(join(source, 'package.json'), join(target, 'package.json'));
	cpSync(dist, join(target, 'dist'), { recursive: true });
	// n8n's installer runs npm in the nodes folder, which leaves a package.json there.
	const nodesFolder = join(userFolder, '.n8n', 'nodes');
	if (!existsSync(join(nodesFolder, 'package.json'))) {
		writeFileSync(
			join(nodesFolder, 'package.json'),
			`${JSON.stringify({ name: 'installed-nodes', private: true }, null, '\t')}\n`,
		);
	}
	return target;
}

if (require.main === module) {
	const started = Date.now();
	ensureN8n().then(
		(n8n) =>
			console.log(`n8n ${n8n.version} ready (${formatDuration(Date.now() - started)}): ${n8n.bin}`),
		(error: unknown) => {
			console.error(error instanceof Error ? error.message : error);
			process.exit(1);
		},
	);
}
