/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling runs in Node and never ships in the package */
// The release path n8n's verification relies on: .github/workflows/publish.yml publishes from
// GitHub Actions with a provenance statement, and scripts/check-release.mjs stops a tag that
// npm or the scanner would refuse.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

import { PACKAGE_ROOT } from '../n8n/install';
import { assert, before, describe, it } from '../support/testing';

interface Manifest {
	name?: string;
	version: string;
	repository?: string | { type?: string; url?: string };
	dependencies?: Record<string, string>;
	scripts?: Record<string, string>;
	files?: string[];
}

type ReleaseProblems = (
	manifest: Manifest,
	github: Record<string, string | undefined>,
	npmVersion: string,
	trusted: boolean,
) => string[];

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, string>;
	env?: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as Manifest;
const GITHUB = {
	GITHUB_REF_NAME: '1.2.3',
	GITHUB_SERVER_URL: 'https://github.com',
	GITHUB_REPOSITORY: 'acme/n8n-nodes-acme',
};
const GOOD: Manifest = {
	version: '1.2.3',
	repository: { type: 'git', url: 'git+https://github.com/acme/n8n-nodes-acme.git' },
};

describe('scripts/check-release.mjs', () => {
	let releaseProblems: ReleaseProblems;
	before(async () => {
		const url = pathToFileURL(join(PACKAGE_ROOT, 'scripts', 'check-release.mjs')).href;
		({ releaseProblems } = (await import(url)) as { releaseProblems: ReleaseProblems });
	});

	it('passes a tag that is the version, from the repository package.json names', () => {
		assert.deepEqual(releaseProblems(GOOD, GITHUB, '11.6.2', true), []);
		const plain = { ...GOOD, repository: { url: 'https://github.com/ACME/n8n-nodes-acme' } };
		assert.deepEqual(releaseProblems(plain, GITHUB, '10.8.2', false), []);
	});

	it('stops a tag that is not the package version', () => {
		const [problem, ...more] = releaseProblems(
			GOOD,
			{ ...GITHUB, GITHUB_REF_NAME: 'v1.2.3' },
			'11.6.2',
			true,
		);
		assert.equal(more.length, 0);
		assert.match(problem, /tag v1\.2\.3 is not the package version 1\.2\.3/);
	});

	it('stops a repository field that names another repository, or none', () => {
		const fork = {
			...GOOD,
			repository: { url: 'git+https://github.com/someone/n8n-nodes-acme.git' },
		};
		assert.match(
			releaseProblems(fork, GITHUB, '11.6.2', true).join(),
			/provenance needs https:\/\/github\.com\/acme\/n8n-nodes-acme/,
		);
		assert.equal(releaseProblems({ version: '1.2.3' }, GITHUB, '11.6.2', true).length, 1);
		assert.equal(
			releaseProblems({ ...GOOD, repository: 'acme/n8n-nodes-acme' }, GITHUB, '11.6.2', true)
				.length,
			1,
		);
	});

	it('stops runtime dependencies', () => {
		const problems = releaseProblems(
			{ ...GOOD, dependencies: { axios: '1.0.0' } },
			GITHUB,
			'11.6.2',
			true,
		);
		assert.match(problems.join(), /runtime dependencies/);
	});

	it('needs npm 9.5 for provenance and 11.5.1 for trusted publishing', () => {
		assert.match(releaseProblems(GOOD, GITHUB, '9.4.2', false).join(), /needs 9\.5\.0/);
		assert.deepEqual(releaseProblems(GOOD, GITHUB, '9.5.0', false), []);
		assert.match(releaseProblems(GOOD, GITHUB, '10.8.2', true).join(), /needs 11\.5\.1/);
		assert.match(releaseProblems(GOOD, GITHUB, '11.5.0', true).join(), /needs 11\.5\.1/);
		assert.deepEqual(releaseProblems(GOOD, GITHUB, '11.5.1', true), []);
		// Compared as numbers, not as text.
		assert.deepEqual(releaseProblems(GOOD, GITHUB, '11.10.0', true), []);
	});

	it("passes this package's own manifest when the tag is its version", () => {
		const url = typeof manifest.repository === 'object' ? (manifest.repository.url ?? '') : '';
		const [, repository] = /github\.com\/(.+?)(\.git)?$/.exec(url) ?? [];
		assert.ok(repository, `repository.url is not a GitHub URL: ${url}`);
		const github = {
			GITHUB_REF_NAME: manifest.version,
			GITHUB_SERVER_URL: 'https://github.com',
			GITHUB_REPOSITORY: repository,
		};
		assert.deepEqual(releaseProblems(manifest, github, '11.6.2', true), []);
	});
});

describe('.github/workflows/publish.yml', () => {
	const workflow = parse(
		readFileSync(join(PACKAGE_ROOT, '.github', 'workflows', 'publish.yml'), 'utf8'),
	) as {
		on: { push: { tags: string[] } };
		jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
	};
	const jobs = Object.values(workflow.jobs);
	const job = jobs[0];
	const stepIndex = (test: (step: Step) => boolean) => job.steps.findIndex(test);

	it('runs on version tags, in one job', () => {
		assert.deepEqual(workflow.on.push.tags, ['*.*.*']);
		assert.equal(jobs.length, 1);
	});

	it('may mint the OIDC token provenance is signed with', () => {
		assert.equal(job.permissions?.['id-token'], 'write');
		assert.equal(job.permissions?.contents, 'read');
	});

	it('publishes with npm run release on a Node whose npm can publish with provenance', () => {
		const setup =
			job.steps[stepIndex((step) => step.uses?.startsWith('actions/setup-node@') ?? false)];
		assert.ok(setup, 'no actions/setup-node step');
		assert.ok(Number(setup.with?.['node-version']) >= 22, `Node ${setup.with?.['node-version']}`);
		assert.equal(setup.with?.['registry-url'], 'https://registry.npmjs.org');
		const check = stepIndex((step) => step.run?.includes('scripts/check-release.mjs') ?? false);
		const release = stepIndex((step) => step.run?.trim() === 'npm run release');
		assert.ok(check >= 0, 'scripts/check-release.mjs does not run');
		assert.ok(release > check, 'npm run release must run, after the check');
		assert.equal(job.steps[release].env?.NODE_AUTH_TOKEN, '${{ secrets.NPM_TOKEN }}');
		assert.equal(job.steps[check].env?.NODE_AUTH_TOKEN, '${{ secrets.NPM_TOKEN }}');
	});

	it('releases through n8n-node, which builds and publishes with NPM_CONFIG_PROVENANCE', () => {
		assert.equal(manifest.scripts?.release, 'n8n-node release');
		assert.equal(manifest.scripts?.build, 'n8n-node build');
		assert.equal(manifest.scripts?.prepublishOnly, 'n8n-node prerelease');
		assert.deepEqual(manifest.files, ['dist']);
		assert.equal(manifest.dependencies, undefined);
		// What the installed @n8n/node-cli does under GitHub Actions (its release command).
		const cli = readFileSync(
			join(PACKAGE_ROOT, 'node_modules', '@n8n', 'node-cli', 'dist', 'commands', 'release.js'),
			'utf8',
		);
		assert.match(cli, /GITHUB_ACTIONS/);
		assert.match(cli, /NPM_CONFIG_PROVENANCE: 'true'/);
	});
});
