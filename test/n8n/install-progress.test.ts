/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- test tooling runs in Node and never ships in the package */
// The n8n install's progress line says what npm is doing and a figure that moves, never a time it
// cannot know. A real `npm install` of a small local package whose install script looks like a
// native build (it names itself node-gyp, as node-gyp does, and keeps a core busy).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { after, assert, describe, it } from '../support/testing';
import { npmInstall } from './install';
import { InstallProgress, parseCpuTime } from './install-progress';

const BUSY_SECONDS = 3;

describe('n8n install progress', () => {
	const root = mkdtempSync(join(tmpdir(), 'tiktok-install-progress-'));
	after(() => rmSync(root, { recursive: true, force: true }));

	it('reads CPU time as ps prints it on Linux and macOS', () => {
		assert.equal(parseCpuTime('00:00:15'), 15);
		assert.equal(parseCpuTime('01:02:03'), 3723);
		assert.equal(parseCpuTime('2-00:00:01'), 172_801);
		assert.equal(parseCpuTime('1:05.50'), 65.5);
	});

	it('counts what npm fetched while it resolves and unpacks', async () => {
		const home = join(root, 'counting');
		mkdirSync(home);
		const progress = new InstallProgress(home);
		assert.match(
			await progress.describe(undefined),
			/resolving the dependency tree, 0 package manifests/,
		);
		progress.onOutput('npm http fetch GET 200 https://registry.npmjs.org/n8n 80ms (cache miss)\n');
		progress.onOutput('npm http fetch GET 200 https://registry.npmjs.org/@n8n%2fdi 7');
		progress.onOutput('0ms (cache miss)\n');
		assert.match(
			await progress.describe(undefined),
			/resolving the dependency tree, 2 package manifests fetched$/,
		);
		progress.onOutput(
			'npm http fetch GET 200 https://registry.npmjs.org/n8n/-/n8n-2.8.4.tgz 900ms (cache miss)\n' +
				'npm http cache @n8n/di@https://registry.npmjs.org/@n8n/di/-/di-0.10.0.tgz 0ms (cache hit)\n',
		);
		mkdirSync(join(home, 'node_modules'));
		assert.match(
			await progress.describe(undefined),
			/downloading and unpacking packages, 2 tarballs fetched, \d+ MB in node_modules$/,
		);
	});

	it('names the package being built and the CPU its build used, which keeps growing', async () => {
		const source = join(root, 'native-probe');
		mkdirSync(source);
		const busy = `process.title = 'node-gyp'; const end = Date.now() + ${BUSY_SECONDS * 1000}; while (Date.now() < end);`;
		writeFileSync(
			join(source, 'package.json'),
			JSON.stringify({
				name: 'native-probe',
				version: '1.0.0',
				scripts: { install: `node -e "${busy}"` },
			}),
		);
		const tarball = execFileSync('npm', ['pack', '--silent', '--ignore-scripts'], {
			cwd: source,
			encoding: 'utf8',
		}).trim();
		const home = join(root, 'home');
		mkdirSync(home);
		writeFileSync(
			join(home, 'package.json'),
			JSON.stringify({
				name: 'install-progress-probe',
				private: true,
				dependencies: { 'native-probe': `file:${join(source, tarball)}` },
			}),
		);

		const lines: string[] = [];
		await npmInstall(home, (line) => lines.push(line), { label: 'probe', heartbeatMs: 250 });

		const report = lines.join('\n');
		const building = lines
			.map((line) => /building native modules \(native-probe\), (\d+)s of CPU/.exec(line))
			.filter((match) => match !== null)
			.map((match) => Number(match[1]));
		assert.ok(building.length >= 2, `no build progress was reported:\n${report}`);
		assert.deepEqual(
			building,
			[...building].sort((a, b) => a - b),
			`the CPU figure went down:\n${report}`,
		);
		assert.ok(building[building.length - 1] >= 1, `the CPU figure did not move:\n${report}`);
		assert.match(
			lines[lines.length - 1],
			/^ {2}npm finished in \d+s \(install scripts ran for native-probe\)$/,
		);
		for (const line of lines) assert.doesNotMatch(line, /usually|about \d|minutes in all/);
	});
});
