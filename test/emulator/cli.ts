/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- test tooling runs in Node and never ships in the package */
import { parseArgs } from 'node:util';

import { DEFAULT_WORLD } from './seed';
import { startEmulator } from './server';
import type { TokenReplyShape } from './types';
import { DEFAULT_FILE_SIZE_LIMIT_BYTES } from './world';

const USAGE = `Usage: node --import tsx test/emulator/cli.ts [options]

  --port <n>                    production listener port (default 18080, 0 = any free port)
  --sandbox-port <n>            sandbox listener port (default 18081, 0 = any free port)
  --token-reply-shape <shape>   flat | wrapped (default wrapped)
  --minimum-audience-size <n>   smallest audience an update may leave (default 1000)
  --matching-delay-ms <n>       how long an audience stays processing after a change (default 0)
  --file-size-limit-bytes <n>   smallest customer file refused with 40907 (default 1000000000)
  --seed <seed>                 default | empty (default default)
  --help                        show this text
`;

function integerOption(value: string | undefined, name: string, fallback: number): number {
	if (value === undefined) return fallback;
	if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a non-negative integer`);
	return Number(value);
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string' },
			'sandbox-port': { type: 'string' },
			'token-reply-shape': { type: 'string' },
			'minimum-audience-size': { type: 'string' },
			'matching-delay-ms': { type: 'string' },
			'file-size-limit-bytes': { type: 'string' },
			seed: { type: 'string' },
			help: { type: 'boolean' },
		},
	});
	if (values.help) {
		console.log(USAGE);
		return;
	}
	const shape = values['token-reply-shape'] ?? 'wrapped';
	if (shape !== 'flat' && shape !== 'wrapped')
		throw new Error('--token-reply-shape must be flat or wrapped');
	const seed = values.seed ?? 'default';
	if (seed !== 'default' && seed !== 'empty') throw new Error('--seed must be default or empty');

	const emulator = await startEmulator({
		port: integerOption(values.port, 'port', 18080),
		sandboxPort: integerOption(values['sandbox-port'], 'sandbox-port', 18081),
		tokenReplyShape: shape as TokenReplyShape,
		minimumAudienceSize: integerOption(
			values['minimum-audience-size'],
			'minimum-audience-size',
			1000,
		),
		matchingDelayMs: integerOption(values['matching-delay-ms'], 'matching-delay-ms', 0),
		fileSizeLimitBytes: integerOption(
			values['file-size-limit-bytes'],
			'file-size-limit-bytes',
			DEFAULT_FILE_SIZE_LIMIT_BYTES,
		),
		seed,
	});

	let closing = false;
	const shutdown = (): void => {
		if (closing) return;
		closing = true;
		emulator.close().then(
			() => process.exit(0),
			(error: unknown) => {
				console.error(error);
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);

	// One line that scripts can parse; the credentials are the emulator's own fakes.
	console.log(
		JSON.stringify({
			ready: true,
			url: emulator.url,
			sandboxUrl: emulator.sandboxUrl,
			appId: DEFAULT_WORLD.app.appId,
			appSecret: DEFAULT_WORLD.app.secret,
			productionToken: DEFAULT_WORLD.tokens.production,
			sandboxToken: DEFAULT_WORLD.tokens.sandbox,
			sandboxAdvertiserId: DEFAULT_WORLD.advertisers.sandbox.id,
			authorizationUrl: `${emulator.url}/portal/auth`,
			tokenUrl: `${emulator.url}/open_api/v1.3/oauth/token/`,
		}),
	);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
