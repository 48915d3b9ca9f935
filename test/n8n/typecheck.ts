/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, no-console -- local tooling runs in Node and never ships in the package */
// Type-checks the package sources against the n8n-workflow that a newer n8n ships (the package's
// own devDependency is 2.8.0, the newest that installs on Node 20). n8n-workflow ≥ 2.13 cannot be
// installed on Node 20 (isolated-vm), so the types come from that n8n's cache folder (install.ts).
//
// node --import tsx test/n8n/typecheck.ts [n8n version, default 2.41.1]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { E2E_VERSIONS, ensureN8n, N8N_2_41, PACKAGE_ROOT } from './install';

async function main(): Promise<number> {
	const wanted = process.argv[2] ?? N8N_2_41.n8nVersion;
	const version = E2E_VERSIONS.find((candidate) => candidate.n8nVersion === wanted);
	if (!version) throw new Error(`Unknown n8n version ${wanted}`);
	// Installs n8n if the cache is cold, so the check never passes without the types it names.
	const n8n = await ensureN8n(console.log, version);
	const workflow = join(n8n.home, 'node_modules', 'n8n-workflow');
	const { version: typesVersion } = JSON.parse(
		readFileSync(join(workflow, 'package.json'), 'utf8'),
	) as { version: string };
	const scratch = mkdtempSync(join(tmpdir(), 'tiktok-typecheck-'));
	try {
		const config = join(scratch, 'tsconfig.json');
		// `paths` redirects every import of n8n-workflow, the sources' and its own dependents'.
		writeFileSync(
			config,
			JSON.stringify({
				extends: join(PACKAGE_ROOT, 'tsconfig.json'),
				compilerOptions: { noEmit: true, paths: { 'n8n-workflow': [workflow] } },
			}),
		);
		console.log(`Type-checking nodes/ and credentials/ against n8n-workflow ${typesVersion}…`);
		const tsc = require.resolve('typescript/bin/tsc', { paths: [PACKAGE_ROOT] });
		const run = spawnSync(process.execPath, [tsc, '-p', config, '--listFiles'], {
			cwd: PACKAGE_ROOT,
			encoding: 'utf8',
		});
		const lines = `${run.stdout}${run.stderr}`.split('\n');
		const files = lines.filter((line) => line.startsWith('/'));
		// Proof that the redirect took: the compiler read the newer n8n-workflow, not the 2.8.0 one.
		if (!files.some((file) => file.startsWith(workflow))) {
			console.error(`tsc did not read any file from ${workflow}`);
			return 1;
		}
		const stray = files.filter(
			(file) => file.includes('/node_modules/n8n-workflow/') && !file.startsWith(workflow),
		);
		if (stray.length > 0) {
			console.error(`tsc also read another n8n-workflow:\n${stray.slice(0, 5).join('\n')}`);
			return 1;
		}
		const diagnostics = lines.filter((line) => line !== '' && !line.startsWith('/'));
		if (diagnostics.length > 0) console.error(diagnostics.join('\n'));
		if (run.status !== 0) {
			console.error(
				`Type errors against n8n-workflow ${typesVersion} (tsc exit code ${run.status})`,
			);
			return run.status ?? 1;
		}
		console.log(`No type errors against n8n-workflow ${typesVersion}.`);
		return 0;
	} finally {
		rmSync(scratch, { recursive: true, force: true });
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	},
);
