/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test tooling runs in Node and never ships in the package */
// The release path a user takes: the packed package is published to a registry (a local
// Verdaccio), n8n 2.41.1 installs it through its own community-package endpoint (what Settings →
// Community Nodes → Install calls) from that registry, and a workflow runs the installed node
// against the emulator. No folder copy of the repository is involved.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { communityPackageDir, N8N_2_41, PACKAGE_NAME, PACKAGE_ROOT } from '../n8n/install';
import { N8nRest, N8nRestError, startN8nServer, type N8nServer } from '../n8n/process';
import {
	ensureVerdaccio,
	publishTarball,
	startRegistry,
	VERDACCIO_VERSION,
	type LocalRegistry,
} from '../registry/verdaccio';
import { after, assert, before, describe, it } from '../support/testing';
import {
	accessTokensUsed,
	ADVERTISERS,
	byId,
	chainWorkflow,
	E2eInstance,
	manualTrigger,
	nodeOutput,
	NODE_TYPE,
	PRODUCTION,
	SETUP_TIMEOUT_MS,
	setJson,
	SKIP_E2E,
	splitOut,
	TEST_TIMEOUT_MS,
	tikTokNode,
	TOKENS,
	type StoredCredential,
} from './support';

const OWNER = {
	email: 'registry-owner@example.com',
	firstName: 'Registry',
	lastName: 'Owner',
	password: 'Registry-Passw0rd!',
};
/** The licence feature n8n checks before it uses any registry other than npm's own. */
const CUSTOM_REGISTRY_FEATURE = 'feat:communityNodes:customRegistry';
const BUILT_NODE = 'dist/nodes/TikTokForBusiness/TikTokForBusiness.node.js';
const CONTACTS = [
	{ email: ' Ada.Lovelace@Example.com ' },
	{ email: 'grace@example.org' },
	{ email: 'not-an-email' },
];
const DIGESTS = ['ada.lovelace@example.com', 'grace@example.org'].map((email) =>
	createHash('sha256').update(email).digest('hex'),
);

interface Packed {
	filename: string;
	version: string;
	integrity: string;
	files: Array<{ path: string }>;
}

interface InstalledPackage {
	packageName: string;
	installedVersion: string;
	installedNodes: Array<{ name: string; type: string }>;
}

function progress(line: string): void {
	process.stderr.write(`[e2e registry] ${line}\n`);
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

describe(
	`n8n ${N8N_2_41.n8nVersion} installs the package from a registry (Settings → Community Nodes)`,
	{ skip: SKIP_E2E },
	() => {
		let instance: E2eInstance;
		let registry: LocalRegistry | undefined;
		let server: N8nServer | undefined;
		let rest: N8nRest;
		let scratch: string;
		let packed: Packed;

		before(
			async () => {
				const started = Date.now();
				instance = await E2eInstance.create('registry-2.41.1', N8N_2_41, { withPackage: false });
				scratch = mkdtempSync(join(tmpdir(), 'tiktok-publish-'));
				// The tarball npm would publish (npm test builds dist/ first).
				const output = execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], {
					cwd: PACKAGE_ROOT,
					encoding: 'utf8',
					env: { ...process.env, npm_config_loglevel: 'error' },
				});
				[packed] = JSON.parse(output) as Packed[];
				const bin = await ensureVerdaccio(progress, instance.n8n.node);
				progress(`n8n and Verdaccio ready after ${seconds(started)}`);
				registry = await startRegistry(instance.n8n.node, bin, progress);
				await publishTarball(registry, join(scratch, packed.filename));
				progress(`published ${PACKAGE_NAME}@${packed.version} to ${registry.url}`);
				server = await startN8nServer(instance.n8n, {
					...instance.env,
					N8N_COMMUNITY_PACKAGES_REGISTRY: registry.url,
					// n8n's own test hook (/rest/e2e/feature) stands in for the Enterprise licence
					// that a custom registry needs; the install path itself is the product's.
					E2E_TESTS: 'true',
				});
				rest = new N8nRest(server.url);
				await rest.setupOwner(OWNER);
				progress(`setup done in ${seconds(started)}`);
			},
			{ timeout: SETUP_TIMEOUT_MS },
		);

		after(async () => {
			await server?.stop();
			await registry?.stop();
			await instance?.close();
			if (scratch) rmSync(scratch, { recursive: true, force: true });
		});

		it('the registry serves the published tarball', { timeout: TEST_TIMEOUT_MS }, async () => {
			assert.ok(
				packed.files.some((file) => file.path === BUILT_NODE),
				'the packed tarball holds no built node',
			);
			const reply = await fetch(`${registry!.url}/${PACKAGE_NAME}`);
			assert.equal(reply.status, 200, `Verdaccio answered HTTP ${reply.status}`);
			const document = (await reply.json()) as {
				'dist-tags': Record<string, string>;
				versions: Record<string, { dist: { tarball: string; integrity: string } }>;
			};
			assert.equal(document['dist-tags'].latest, packed.version);
			const { dist } = document.versions[packed.version];
			assert.equal(dist.integrity, packed.integrity, 'the registry holds another tarball');
			assert.ok(dist.tarball.startsWith(`${registry!.url}/`), dist.tarball);
			assert.equal(existsSync(communityPackageDir(instance.userFolder)), false);
		});

		it(
			"passes the scanner's tarball analysis on the tarball as the registry serves it",
			{ timeout: TEST_TIMEOUT_MS },
			async () => {
				// As the gate does: `npm pack <name>@<version>` from the registry, unpacked, linted.
				const fetched = join(scratch, 'fetched');
				mkdirSync(join(fetched, 'package'), { recursive: true });
				const output = execFileSync(
					'npm',
					['pack', `${PACKAGE_NAME}@${packed.version}`, '--json', `--registry=${registry!.url}`],
					{ cwd: fetched, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } },
				);
				const [{ filename }] = JSON.parse(output) as Packed[];
				execFileSync('tar', ['-xzf', filename, '-C', 'package', '--strip-components=1'], {
					cwd: fetched,
				});
				const scanner = (await import(
					require.resolve('@n8n/scan-community-package/scanner/scanner.mjs', {
						paths: [PACKAGE_ROOT],
					})
				)) as {
					analyzePackage(
						dir: string,
						patterns: string[],
					): Promise<{ passed: boolean; message?: string; details?: string }>;
				};
				// Linting only package.json passes too: the built node must be among the files.
				assert.ok(
					existsSync(join(fetched, 'package', ...BUILT_NODE.split('/'))),
					`the registry's tarball holds no ${BUILT_NODE}`,
				);
				const analysis = await scanner.analyzePackage(join(fetched, 'package'), [
					'**/*.js',
					'package.json',
				]);
				assert.equal(analysis.passed, true, `${analysis.message}\n${analysis.details}`);
				assert.notEqual(analysis.message, 'No files found to analyze');
			},
		);

		it(
			'refuses the custom registry without the licence feature n8n requires for it',
			{ timeout: TEST_TIMEOUT_MS },
			async () => {
				const refused = await rest
					.request('POST', '/rest/community-packages', { name: PACKAGE_NAME })
					.then(
						() => undefined,
						(error: unknown) => error,
					);
				assert.ok(refused instanceof N8nRestError, 'n8n installed from an unlicensed registry');
				assert.match(refused.message, /license does not allow/i);
				assert.equal(existsSync(communityPackageDir(instance.userFolder)), false);
			},
		);

		it(
			'installs it through POST /rest/community-packages from that registry',
			{ timeout: TEST_TIMEOUT_MS },
			async () => {
				const started = Date.now();
				await rest.request('PATCH', '/rest/e2e/feature', {
					feature: CUSTOM_REGISTRY_FEATURE,
					enabled: true,
				});
				// The body the Settings → Community Nodes install dialog sends.
				const installed = await rest.request<InstalledPackage>('POST', '/rest/community-packages', {
					name: PACKAGE_NAME,
				});
				progress(`n8n installed the package in ${seconds(started)}`);
				assert.equal(installed.packageName, PACKAGE_NAME);
				assert.equal(installed.installedVersion, packed.version);
				assert.deepEqual(
					installed.installedNodes.map((node) => node.type),
					[NODE_TYPE],
				);

				const listed = await rest.request<InstalledPackage[]>('GET', '/rest/community-packages');
				assert.deepEqual(
					listed.map((entry) => [entry.packageName, entry.installedVersion]),
					[[PACKAGE_NAME, packed.version]],
				);
				// The node types the editor loads, and the node's description.
				const types = await rest.request<Array<{ name: string }>>('GET', '/types/nodes.json');
				const names = types.map((type) => type.name);
				assert.ok(names.includes(NODE_TYPE), `${NODE_TYPE} is not among ${names.length} types`);
				const [description] = await rest.request<Array<{ displayName: string }>>(
					'POST',
					'/rest/node-types',
					{ nodeInfos: [{ name: NODE_TYPE, version: 1 }] },
				);
				assert.equal(description?.displayName, 'TikTok for Business');

				// It came from the registry: n8n's npm fetched the tarball there and unpacked it.
				const tarballPath = `/${PACKAGE_NAME}/-/${PACKAGE_NAME}-${packed.version}.tgz`;
				assert.ok(
					registry!.output().includes(tarballPath),
					`Verdaccio's log shows no download of ${tarballPath}:\n${registry!.output().slice(-2000)}`,
				);
				const directory = communityPackageDir(instance.userFolder);
				const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
					version: string;
					devDependencies?: unknown;
				};
				assert.equal(manifest.version, packed.version);
				assert.equal(manifest.devDependencies, undefined, 'n8n strips devDependencies');
				assert.ok(existsSync(join(directory, ...BUILT_NODE.split('/'))));
			},
		);

		it(
			'runs a workflow with the installed node against the emulator',
			{ timeout: TEST_TIMEOUT_MS },
			async () => {
				// The CLI runs on the same user folder, so the server must not hold its database.
				await server?.stop();
				server = undefined;
				const { emulator } = instance;
				const credential: StoredCredential = {
					id: 'registryProdCred1',
					name: 'TikTok production (registry e2e)',
					type: PRODUCTION,
					data: {
						clientId: emulator.world.app.appId,
						clientSecret: emulator.world.app.secret,
						baseUrl: emulator.url,
						oauthTokenData: {
							access_token: TOKENS.otherAgency,
							token_type: 'bearer',
							advertiser_ids: [ADVERTISERS.otherAgencyClient.id],
							scope: [100, 30, 31, 32],
						},
					},
				};
				await instance.importCredentials([credential]);
				await instance.importWorkflows([
					chainWorkflow('registryAudience', 'Registry e2e: audience from items', [
						manualTrigger(),
						setJson('Contacts', { contacts: CONTACTS }, [220, 0]),
						splitOut('One Item per Contact', 'contacts', [440, 0]),
						tikTokNode(
							'Create Audience',
							credential,
							{
								resource: 'audience',
								operation: 'create',
								advertiserId: byId(ADVERTISERS.otherAgencyClient.id),
								audienceName: 'Registry install check',
								source: 'items',
								identifierFields: { emailField: 'email' },
							},
							[660, 0],
						),
					]),
				]);
				const { result, requests } = await instance.executeOk('registryAudience');
				const [created, ...more] = nodeOutput(result, 'Create Audience');
				assert.equal(more.length, 0);
				assert.equal(created.rowsUploaded, DIGESTS.length);
				const audience = emulator.world.audience(String(created.audienceId));
				assert.ok(audience, `the emulator has no audience ${created.audienceId}`);
				assert.equal(audience.name, 'Registry install check');
				assert.equal(audience.ownerId, ADVERTISERS.otherAgencyClient.id);
				assert.deepEqual(audience.members, new Set(DIGESTS));
				assert.deepEqual(new Set(accessTokensUsed(requests)), new Set([TOKENS.otherAgency]));
				progress(`Verdaccio ${VERDACCIO_VERSION}, n8n ${N8N_2_41.n8nVersion}: workflow ran`);
			},
		);
	},
);
