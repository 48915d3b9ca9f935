/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- test tooling runs in Node and never ships in the package */
// n8n in queue mode: Redis and PostgreSQL (services.ts), a main (`n8n start`) and workers
// (`n8n worker`), each with its own user folder holding the package, sharing the database, the
// queue and the encryption key. Binary data goes to the database, the storage n8n uses in queue
// mode (filesystem mode is unsupported there).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { installPackage, type N8nInstallation } from './install';
import {
	describeRun,
	freePort,
	n8nEnvironment,
	newEncryptionKey,
	runN8nCli,
	spawnN8n,
	startN8nServer,
	stopProcessGroup,
	type CliResult,
	type N8nServer,
} from './process';
import {
	startPostgres,
	startRedis,
	type Log,
	type PostgresService,
	type Service,
} from './services';

export interface N8nWorker {
	name: string;
	/** Everything the worker printed so far. */
	output(): string;
	stop(): Promise<void>;
}

export interface QueueCluster {
	redis: Service;
	postgres: PostgresService;
	main: N8nServer;
	workers: N8nWorker[];
	/** Runs an n8n CLI command on the cluster's database (e.g. import:credentials). */
	cli(args: string[]): Promise<CliResult>;
	/** Stops the workers, the main, Redis and PostgreSQL, and removes the folders. */
	stop(): Promise<void>;
}

export interface QueueClusterOptions {
	workers: number;
	/** Jobs each worker runs at once (`n8n worker --concurrency`). */
	concurrency: number;
	/** Called with the cluster's CLI once the database exists, before the main starts. */
	beforeMain?: (cli: QueueCluster['cli']) => Promise<void>;
}

async function startWorker(
	n8n: N8nInstallation,
	name: string,
	env: NodeJS.ProcessEnv,
	concurrency: number,
): Promise<N8nWorker> {
	const child = spawnN8n(n8n, ['worker', `--concurrency=${concurrency}`], env);
	const chunks: string[] = [];
	child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
	child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
	const output = () => chunks.join('');
	const worker = { name, output, stop: async () => await stopProcessGroup(child) };
	const deadline = Date.now() + 120_000;
	while (!output().includes('n8n worker is now ready')) {
		if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
			await worker.stop();
			throw new Error(
				`${name} (n8n worker) was not ready (exit code ${child.exitCode}):\n${output().slice(-3000)}`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	return worker;
}

/** Starts Redis, PostgreSQL, an n8n main in queue mode and its workers; stops all on failure. */
export async function startQueueCluster(
	n8n: N8nInstallation,
	log: Log,
	options: QueueClusterOptions,
): Promise<QueueCluster> {
	const started = Date.now();
	const since = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
	const root = mkdtempSync(join(tmpdir(), 'tiktok-queue-'));
	const stops: Array<() => Promise<void>> = [];
	const stopAll = async () => {
		// Workers and main first, then the services they use.
		for (const stop of stops.reverse()) await stop().catch(() => undefined);
		stops.length = 0;
		if (!process.env.TIKTOK_E2E_KEEP) rmSync(root, { recursive: true, force: true });
	};
	try {
		const redis = await startRedis(log);
		stops.push(redis.stop);
		const postgres = await startPostgres(log);
		stops.push(postgres.stop);
		const encryptionKey = newEncryptionKey();
		const environment = async (name: string, port?: number) => {
			const userFolder = join(root, name);
			installPackage(userFolder);
			return n8nEnvironment({
				userFolder,
				encryptionKey,
				port,
				brokerPort: await freePort(),
				extra: {
					DB_TYPE: 'postgresdb',
					DB_POSTGRESDB_HOST: '127.0.0.1',
					DB_POSTGRESDB_PORT: String(postgres.port),
					DB_POSTGRESDB_DATABASE: postgres.database,
					DB_POSTGRESDB_USER: postgres.user,
					DB_POSTGRESDB_PASSWORD: '',
					EXECUTIONS_MODE: 'queue',
					QUEUE_BULL_REDIS_HOST: '127.0.0.1',
					QUEUE_BULL_REDIS_PORT: String(redis.port),
					N8N_DEFAULT_BINARY_DATA_MODE: 'database',
					// Manual executions too run on workers (n8n 3 makes this the only behaviour).
					OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
				},
			});
		};
		const mainEnv = await environment('main', await freePort());
		const cli = async (args: string[]) => {
			const result = await runN8nCli(n8n, args, mainEnv, 180_000);
			if (result.code !== 0 || result.timedOut) throw new Error(describeRun(result));
			return result;
		};
		await options.beforeMain?.(cli);
		log(`database prepared (${since()})`);
		const main = await startN8nServer(n8n, mainEnv);
		stops.push(main.stop);
		log(`n8n main (queue mode) on ${main.url} (${since()})`);
		// The workers start side by side; every one that started is stopped if another fails.
		const names = Array.from({ length: options.workers }, (_, index) => `worker-${index + 1}`);
		const settled = await Promise.allSettled(
			names.map(async (name) => {
				const worker = await startWorker(n8n, name, await environment(name), options.concurrency);
				log(`n8n ${name} ready (concurrency ${options.concurrency}, ${since()})`);
				return worker;
			}),
		);
		const workers: N8nWorker[] = [];
		for (const result of settled) {
			if (result.status === 'fulfilled') {
				workers.push(result.value);
				stops.push(result.value.stop);
			}
		}
		const failure = settled.find((result) => result.status === 'rejected');
		if (failure) throw failure.reason;
		return { redis, postgres, main, workers, cli, stop: stopAll };
	} catch (error) {
		await stopAll();
		throw error;
	}
}

/** The execution IDs a worker's log says it started ("Worker started execution 12 (job 7)"). */
export function executionsStarted(output: string): string[] {
	return [...output.matchAll(/Worker started execution (\S+) \(job /g)].map((match) => match[1]);
}
