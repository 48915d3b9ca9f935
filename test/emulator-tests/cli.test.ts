/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test tooling runs in Node and never ships in the package; the CLI test starts the CLI as a child process */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { assert, describe, it } from '../support/testing';
import { DEFAULT_WORLD } from '../emulator/seed';

const CLI = join(__dirname, '..', 'emulator', 'cli.ts');

// The two cases start separate processes, so they run side by side.
describe('emulator: CLI', { concurrency: true }, () => {
	it('prints one ready line, serves requests, and exits cleanly on SIGTERM', async () => {
		const child = spawn(
			process.execPath,
			['--import', 'tsx', CLI, '--port', '0', '--sandbox-port', '0', '--token-reply-shape', 'flat'],
			{ stdio: ['ignore', 'pipe', 'pipe'] },
		);
		try {
			const lines = createInterface({ input: child.stdout });
			const [firstLine] = (await once(lines, 'line')) as [string];
			const ready = JSON.parse(firstLine) as Record<string, string | boolean>;
			assert.equal(ready.ready, true);
			assert.match(String(ready.url), /^http:\/\/127\.0\.0\.1:\d+$/);
			assert.match(String(ready.sandboxUrl), /^http:\/\/127\.0\.0\.1:\d+$/);
			assert.equal(ready.appId, DEFAULT_WORLD.app.appId);
			assert.equal(ready.productionToken, DEFAULT_WORLD.tokens.production);
			assert.equal(ready.sandboxToken, DEFAULT_WORLD.tokens.sandbox);
			assert.equal(ready.sandboxAdvertiserId, DEFAULT_WORLD.advertisers.sandbox.id);

			const state = (await (await fetch(`${String(ready.url)}/__emulator/state`)).json()) as {
				tokenReplyShape: string;
			};
			assert.equal(state.tokenReplyShape, 'flat');
			const info = (await (
				await fetch(`${String(ready.sandboxUrl)}/open_api/v1.3/user/info/`, {
					headers: { 'Access-Token': String(ready.sandboxToken) },
				})
			).json()) as { code: number };
			assert.equal(info.code, 0);
		} finally {
			const exited = once(child, 'exit');
			child.kill('SIGTERM');
			const [code, signal] = (await exited) as [number | null, string | null];
			assert.equal(signal, null);
			assert.equal(code, 0);
		}
	});

	it('refuses a bad option with a non-zero exit', async () => {
		const child = spawn(
			process.execPath,
			['--import', 'tsx', CLI, '--token-reply-shape', 'nested'],
			{
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		const [code] = (await once(child, 'exit')) as [number | null];
		assert.equal(code, 1);
	});
});
