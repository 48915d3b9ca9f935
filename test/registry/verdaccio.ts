/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test tooling runs in Node and never ships in the package */
// A local npm registry (Verdaccio) for the community-package install test: installed once into a
// cache folder by this file, started per suite on a free loopback port with its own storage,
// user and token, and no uplink, so every package it serves was published to it by the test.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';

import { npmInstall, PACKAGE_ROOT, type Log } from '../n8n/install';
import { freePort, stopProcessGroup, trackProcessGroup } from '../n8n/process';

/** 6.10 wants Node 22 or newer: it runs on the Node 24 that n8n 2.41.1 is installed with. */
export const VERDACCIO_VERSION = '6.10.4';
const MARKER = '.tiktok-verdaccio-installed.json';
const MANIFEST_DIR = join(__dirname, 'verdaccio');

/** `TIKTOK_VERDACCIO_HOME`, or `<repo>/.cache/verdaccio-<version>`. */
export function verdaccioHome(): string {
	const fromEnv = process.env.TIKTOK_VERDACCIO_HOME;
	return fromEnv
		? resolve(fromEnv)
		: join(PACKAGE_ROOT, '.cache', `verdaccio-${VERDACCIO_VERSION}`);
}

function verdaccioBin(home: string): string {
	return join(home, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
}

function installedVersion(home: string): string | undefined {
	try {
		const marker = JSON.parse(readFileSync(join(home, MARKER), 'utf8')) as { version?: string };
		return existsSync(verdaccioBin(home)) ? marker.version : undefined;
	} catch {
		return undefined;
	}
}

async function run(node: string, args: string[]): Promise<string> {
	return await new Promise((done, fail) =>
		execFile(node, args, { timeout: 60_000 }, (error, stdout, stderr) =>
			error ? fail(new Error(`${error.message}\n${stderr}`)) : done(stdout.trim()),
		),
	);
}

/**
 * Installs the pinned Verdaccio into its cache folder unless it is there, with `node` (its bin
 * folder first on PATH for npm), and checks that it reports its version on that Node.
 */
export async function ensureVerdaccio(log: Log, node: string): Promise<string> {
	const home = verdaccioHome();
	if (installedVersion(home) !== VERDACCIO_VERSION) {
		log(`Installing Verdaccio ${VERDACCIO_VERSION} into ${home}…`);
		mkdirSync(home, { recursive: true });
		rmSync(join(home, MARKER), { force: true });
		// The manifest and lockfile beside this file pin Verdaccio and everything it depends on.
		for (const file of ['package.json', 'package-lock.json']) {
			copyFileSync(join(MANIFEST_DIR, file), join(home, file));
		}
		// Verdaccio needs no install script; none may download anything.
		await npmInstall(home, log, {
			label: `Verdaccio ${VERDACCIO_VERSION}`,
			args: ['ci', '--ignore-scripts'],
			nodeBinDir: dirname(node),
		});
	}
	const bin = verdaccioBin(home);
	const reported = await run(node, [bin, '--version']);
	if (reported.replace(/^v/, '') !== VERDACCIO_VERSION) {
		throw new Error(`${bin} reports Verdaccio ${reported}, expected ${VERDACCIO_VERSION}`);
	}
	writeFileSync(join(home, MARKER), `${JSON.stringify({ version: VERDACCIO_VERSION })}\n`);
	return bin;
}

export interface LocalRegistry {
	url: string;
	/** A token of the registry's one user, who may publish. */
	token: string;
	/** Everything Verdaccio logged so far (one JSON document per line). */
	output(): string;
	stop(): Promise<void>;
}

// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- the one user of a throwaway local registry
const USER = { name: 'tiktok-e2e', password: 'tiktok-e2e-Passw0rd' };

function config(root: string): string {
	// No uplinks: a package not published here is not found, rather than fetched from npm.
	return [
		`storage: ${join(root, 'storage')}`,
		'auth:',
		'  htpasswd:',
		`    file: ${join(root, 'htpasswd')}`,
		'    max_users: 1',
		'uplinks: {}',
		'packages:',
		"  '**':",
		'    access: $all',
		'    publish: $authenticated',
		'    unpublish: $authenticated',
		'web:',
		'  enable: false',
		'log: { type: stdout, format: json, level: http }',
		'',
	].join('\n');
}

/** Starts Verdaccio on 127.0.0.1 with a temporary storage and creates its publishing user. */
export async function startRegistry(node: string, bin: string, log: Log): Promise<LocalRegistry> {
	const root = mkdtempSync(join(tmpdir(), 'tiktok-registry-'));
	const configFile = join(root, 'config.yaml');
	writeFileSync(configFile, config(root));
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const child: ChildProcess = spawn(
		node,
		[bin, '--config', configFile, '--listen', `127.0.0.1:${port}`],
		{
			cwd: root,
			env: { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ''}` },
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	trackProcessGroup(child);
	const chunks: string[] = [];
	child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
	child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
	const output = () => chunks.join('');
	const stop = async () => {
		await stopProcessGroup(child, 5_000);
		rmSync(root, { recursive: true, force: true });
	};
	let started = false;
	try {
		await waitForPing(url, child, output);
		const token = await addUser(url);
		started = true;
		log(`Verdaccio ${VERDACCIO_VERSION} listens on ${url} (storage ${join(root, 'storage')})`);
		return { url, token, output, stop };
	} finally {
		// A registry that failed to start is stopped here; the caller stops one that started.
		if (!started) await stop();
	}
}

async function waitForPing(url: string, child: ChildProcess, output: () => string): Promise<void> {
	const started = Date.now();
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`Verdaccio exited (code ${child.exitCode}) before it answered:\n${output()}`);
		}
		try {
			if ((await fetch(`${url}/-/ping`)).ok) return;
		} catch {
			// not listening yet
		}
		if (Date.now() - started > 60_000) {
			throw new Error(`Verdaccio did not answer ${url}/-/ping within 60 s:\n${output()}`);
		}
		await new Promise((done) => setTimeout(done, 200));
	}
}

/** `npm adduser` over HTTP: the CouchDB-style user document, answered with a token. */
async function addUser(url: string): Promise<string> {
	const reply = await fetch(`${url}/-/user/org.couchdb.user:${USER.name}`, {
		method: 'PUT',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			_id: `org.couchdb.user:${USER.name}`,
			type: 'user',
			roles: [],
			...USER,
		}),
	});
	const body = (await reply.json()) as { token?: string; error?: string };
	if (!reply.ok || !body.token) {
		throw new Error(`Verdaccio refused to create a user: HTTP ${reply.status} ${body.error ?? ''}`);
	}
	return body.token;
}

/** `npm publish <tarball>` to the registry with its token (the npm that runs the tests). */
export async function publishTarball(registry: LocalRegistry, tarball: string): Promise<string> {
	const userconfig = join(dirname(tarball), '.npmrc');
	const host = registry.url.replace(/^https?:/, '');
	writeFileSync(userconfig, `${host}/:_authToken=${registry.token}\n`);
	return await new Promise((done, fail) =>
		execFile(
			'npm',
			['publish', tarball, `--registry=${registry.url}`, `--userconfig=${userconfig}`],
			{
				// No provenance: that needs GitHub's OIDC token; the real release path adds it.
				env: { ...process.env, npm_config_provenance: 'false', npm_config_loglevel: 'notice' },
				timeout: 120_000,
			},
			(error, stdout, stderr) =>
				error
					? fail(new Error(`npm publish failed: ${error.message}\n${stdout}\n${stderr}`))
					: done(`${stdout}${stderr}`),
		),
	);
}
