/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test tooling runs in Node and never ships in the package */
// The lint half of n8n's verification scan (@n8n/scan-community-package), run offline. The real
// gate also checks npm provenance and downloads the attested source from GitHub, which needs a
// published release; here the same analysis runs on what that source and tarball would hold: the
// repository (SOURCE_FILE_PATTERNS) and the packed package (`**/*.js` + `package.json`).
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PACKAGE_ROOT } from '../n8n/install';
import { after, assert, before, describe, it } from '../support/testing';

interface Analysis {
	passed: boolean;
	message?: string;
	details?: string;
}

interface Scanner {
	analyzePackage(packageDir: string, filePatterns?: string[]): Promise<Analysis>;
	SOURCE_FILE_PATTERNS: string[];
}

/** The patterns the scanner applies to the published tarball (scanner.mjs, analyzePackageByName). */
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

const describeAnalysis = (analysis: Analysis) =>
	[analysis.message, analysis.details].filter(Boolean).join('\n');

describe('the verification scanner lint (offline part of @n8n/scan-community-package)', () => {
	let scanner: Scanner;
	let scratch: string;
	let unpacked: string;

	before(
		async () => {
			// The package has no entry point; its CLI imports this module the same way.
			scanner = (await import(
				require.resolve('@n8n/scan-community-package/scanner/scanner.mjs', {
					paths: [PACKAGE_ROOT],
				})
			)) as Scanner;
			scratch = mkdtempSync(join(tmpdir(), 'tiktok-scan-'));
			// The tarball npm publishes (npm test builds dist/ first).
			const output = execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], {
				cwd: PACKAGE_ROOT,
				encoding: 'utf8',
				env: { ...process.env, npm_config_loglevel: 'error' },
			});
			const [{ filename }] = JSON.parse(output) as Array<{ filename: string }>;
			unpacked = join(scratch, 'package');
			mkdirSync(unpacked);
			execFileSync('tar', [
				'-xzf',
				join(scratch, filename),
				'-C',
				unpacked,
				'--strip-components=1',
			]);
		},
		{ timeout: 120_000 },
	);

	after(() => {
		if (scratch) rmSync(scratch, { recursive: true, force: true });
	});

	it('passes on the repository sources the gate would fetch', { timeout: 120_000 }, async () => {
		const analysis = await scanner.analyzePackage(PACKAGE_ROOT, scanner.SOURCE_FILE_PATTERNS);
		assert.equal(analysis.passed, true, describeAnalysis(analysis));
		assert.notEqual(analysis.message, 'No files found to analyze');
	});

	it('passes on the packed tarball', { timeout: 120_000 }, async () => {
		assert.ok(readdirSync(join(unpacked, 'dist')).length > 0, 'the tarball holds no dist/');
		const analysis = await scanner.analyzePackage(unpacked, TARBALL_FILE_PATTERNS);
		assert.equal(analysis.passed, true, describeAnalysis(analysis));
		assert.notEqual(analysis.message, 'No files found to analyze');
	});

	// Proof that the two checks above can fail: a built file that uses a banned global.
	it('fails on a tarball whose built node calls setTimeout', { timeout: 120_000 }, async () => {
		const broken = join(scratch, 'broken');
		cpSync(unpacked, broken, { recursive: true });
		appendFileSync(
			join(broken, 'dist', 'nodes', 'TikTokForBusiness', 'TikTokForBusiness.node.js'),
			'\nsetTimeout(() => undefined, 1);\n',
		);
		const analysis = await scanner.analyzePackage(broken, TARBALL_FILE_PATTERNS);
		assert.equal(analysis.passed, false, 'the scanner passed a node that calls setTimeout');
		assert.match(analysis.details ?? '', /no-restricted-globals/);
	});
});
