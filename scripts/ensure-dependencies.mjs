// Installs the development dependencies when they are missing or older than the lockfile, so
// `npm test` and `npm start` work on a fresh clone. Plain Node: it runs before anything is installed.
// Those scripts call it inline: the repository's .npmrc sets ignore-scripts, under which npm skips
// pre/post hooks but still runs the script that was asked for.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const installed = join(root, 'node_modules', '.package-lock.json');
const lockfile = join(root, 'package-lock.json');

const upToDate = existsSync(installed) && statSync(installed).mtimeMs >= statSync(lockfile).mtimeMs;
if (!upToDate) {
	console.log('Installing development dependencies (npm ci)…');
	// Whatever .npmrc says: isolated-vm (from @n8n/node-cli) has an install script that fails on
	// Node 20, and nothing here needs an install script.
	const result = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
		cwd: root,
		stdio: 'inherit',
	});
	if (result.status !== 0) process.exit(result.status ?? 1);
}
