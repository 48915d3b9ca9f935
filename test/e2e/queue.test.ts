/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test tooling runs in Node and never ships in the package */
// n8n 2.41.1 in queue mode: Redis, PostgreSQL, a main and two workers (test/n8n/queue.ts). Active
// workflows with a Webhook trigger are called through the main, 20 at a time; the main queues
// them and the workers run them. Two credentials with different tokens and ad accounts, and a
// different member list per execution, interleave on both workers, so state kept by the node
// between executions would send a wrong token or wrong members. A customer file arrives as a
// multipart upload, stored by the main in the database and read by a worker.
import { createHash, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IConnections, IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { ensureN8n, N8N_2_41 } from '../n8n/install';
import { N8nRest } from '../n8n/process';
import { executionsStarted, startQueueCluster, type QueueCluster } from '../n8n/queue';
import { startEmulator, type Emulator } from '../emulator';
import { after, assert, before, describe, it } from '../support/testing';
import {
	ADVERTISERS,
	byId,
	PRODUCTION,
	SETUP_TIMEOUT_MS,
	SKIP_E2E,
	splitOut,
	TEST_TIMEOUT_MS,
	tikTokNode,
	TOKENS,
	type StoredCredential,
} from './support';

const OWNER = {
	email: 'queue-owner@example.com',
	firstName: 'Queue',
	lastName: 'Owner',
	password: 'Queue-Passw0rd!',
};
const PARALLEL = 20;
const REPLACED_MEMBERS = 1_000;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const log = (line: string) => process.stderr.write(`[queue] ${line}\n`);

type Account = 'acme' | 'other';
type Kind = 'advertisers' | 'items' | 'file' | 'replace';
const ACCOUNTS: Record<Account, { token: string; advertiserId: string; credential: string }> = {
	acme: {
		token: TOKENS.production,
		advertiserId: ADVERTISERS.acmeShoesUs.id,
		credential: 'queueAcme0000001',
	},
	other: {
		token: TOKENS.otherAgency,
		advertiserId: ADVERTISERS.otherAgencyClient.id,
		credential: 'queueOther000001',
	},
};

/** One webhook call: which workflow, and what the test expects to find afterwards. */
interface Call {
	account: Account;
	kind: Kind;
	name?: string;
	emails?: string[];
	audienceId?: string;
}

interface Reply {
	call: Call;
	status: number;
	body: IDataObject[];
}

function credentialOf(account: Account): StoredCredential {
	return {
		id: ACCOUNTS[account].credential,
		name: `TikTok ${account} (queue)`,
		type: PRODUCTION,
		data: {},
	};
}

/**
 * What n8n stored after each account's OAuth2 exchange: TikTok's flat reply for one, its enveloped
 * reply for the other, so the two executions read their token from different places.
 */
function tokenData(account: Account): IDataObject {
	const { token, advertiserId } = ACCOUNTS[account];
	const data = { access_token: token, advertiser_ids: [advertiserId], scope: [100, 30, 31, 32] };
	return account === 'acme'
		? { ...data, token_type: 'bearer' }
		: { code: 0, message: 'OK', request_id: '202612020000000000000000000001', data };
}

function webhook(path: string): INode {
	return {
		id: `queue-webhook-${path}`,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path,
			responseMode: 'lastNode',
			responseData: 'allEntries',
			options: {},
		},
	};
}

const fromWebhook = (field: string) => `={{ $('Webhook').first().json.body.${field} }}`;

/** The TikTok node of each workflow kind, for one account. */
function tikTok(kind: Kind, account: Account): INode {
	const credential = credentialOf(account);
	const advertiserId = byId(ACCOUNTS[account].advertiserId);
	const emails = { source: 'items', identifierFields: { emailField: 'email' } };
	const parameters: Record<Kind, IDataObject> = {
		advertisers: { resource: 'advertiser', operation: 'getAll', returnAll: true },
		items: {
			resource: 'audience',
			operation: 'create',
			advertiserId,
			audienceName: fromWebhook('name'),
			...emails,
		},
		file: {
			resource: 'audience',
			operation: 'create',
			advertiserId,
			audienceName: fromWebhook('name'),
			source: 'file',
			inputDataFieldName: 'customers',
			fileIdentifierType: 'email',
		},
		replace: {
			resource: 'audience',
			operation: 'update',
			advertiserId,
			audienceId: byId(fromWebhook('audienceId')),
			membersAction: 'REPLACE',
			...emails,
		},
	};
	return tikTokNode('TikTok', credential, parameters[kind] as INodeParameters, [440, 0]);
}

function workflow(kind: Kind, account: Account): IDataObject {
	const path = `queue-${account}-${kind}`;
	const nodes = [webhook(path)];
	if (kind === 'items' || kind === 'replace')
		nodes.push(splitOut('Contacts', 'body.contacts', [220, 0]));
	nodes.push(tikTok(kind, account));
	const connections: IConnections = {};
	for (let index = 0; index < nodes.length - 1; index++) {
		connections[nodes[index].name] = {
			main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]],
		};
	}
	return {
		name: `Queue: ${account} ${kind}`,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Waits until the main has registered every production webhook: once a webhook failed with "not
 * registered" although its workflow's activation had answered.
 */
async function waitForWebhooks(cluster: QueueCluster, count: number): Promise<void> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const rows = await cluster.postgres.query(
			`select "webhookPath" from webhook_entity where method = 'POST'`,
		);
		if (rows.length >= count) return;
		if (Date.now() > deadline) {
			throw new Error(`only ${rows.length} of ${count} webhooks registered: ${rows.join(', ')}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

const emailsFor = (prefix: string, count: number) =>
	Array.from({ length: count }, (_, index) => `${prefix}-${index + 1}@example.com`);

describe(
	'n8n 2.41.1 in queue mode (main + 2 workers, Redis, PostgreSQL)',
	{ skip: SKIP_E2E },
	() => {
		let emulator: Emulator;
		let cluster: QueueCluster | undefined;
		let rest: N8nRest;
		const started = Date.now();
		const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

		before(
			async () => {
				const n8n = await ensureN8n(log, N8N_2_41);
				emulator = await startEmulator();
				const credentials = (Object.keys(ACCOUNTS) as Account[]).map((account) => ({
					...credentialOf(account),
					data: {
						clientId: emulator.world.app.appId,
						clientSecret: emulator.world.app.secret,
						baseUrl: emulator.url,
						oauthTokenData: tokenData(account),
					},
				}));
				cluster = await startQueueCluster(n8n, log, {
					workers: 2,
					// Two workers of 5 slots for 20 parallel executions: both must take jobs.
					concurrency: 5,
					beforeMain: async (cli) => {
						// The REST API drops OAuth2 token data, so the connected credentials are imported.
						const file = join(tmpdir(), `tiktok-queue-credentials-${process.pid}.json`);
						writeFileSync(file, JSON.stringify(credentials));
						await cli(['import:credentials', `--input=${file}`]);
					},
				});
				rest = new N8nRest(cluster.main.url);
				await rest.setupOwner(OWNER);
				for (const account of Object.keys(ACCOUNTS) as Account[]) {
					for (const kind of ['advertisers', 'items', 'file', 'replace'] as Kind[]) {
						const created = await rest.request<{ id: string; versionId: string }>(
							'POST',
							'/rest/workflows',
							workflow(kind, account),
						);
						await rest.request('POST', `/rest/workflows/${created.id}/activate`, {
							versionId: created.versionId,
						});
					}
				}
				await waitForWebhooks(cluster, 8);
				log(`cluster up, 8 workflows active (${seconds()})`);
			},
			{ timeout: SETUP_TIMEOUT_MS },
		);

		after(async () => {
			try {
				await cluster?.stop();
			} finally {
				await emulator?.close();
				log(`stopped (${seconds()})`);
			}
		});

		async function call(target: Call): Promise<Reply> {
			const url = `${cluster!.main.url}/webhook/queue-${target.account}-${target.kind}`;
			let body: FormData | string;
			let headers: Record<string, string> = {};
			if (target.kind === 'file') {
				const form = new FormData();
				form.set('name', target.name!);
				form.set(
					'customers',
					new Blob([`${target.emails!.join('\n')}\n`], { type: 'text/csv' }),
					'customers.csv',
				);
				body = form;
			} else {
				headers = { 'content-type': 'application/json' };
				const contacts = (target.emails ?? []).map((email) => ({ email }));
				body = JSON.stringify({ name: target.name, audienceId: target.audienceId, contacts });
			}
			const response = await fetch(url, { method: 'POST', headers, body });
			const text = await response.text();
			let parsed: unknown = text;
			try {
				parsed = JSON.parse(text);
			} catch {
				// an error page
			}
			return {
				call: target,
				status: response.status,
				body: (Array.isArray(parsed) ? parsed : [parsed]) as IDataObject[],
			};
		}

		/** Runs the calls all at once; returns the replies and the executions they created. */
		async function wave(calls: Call[]): Promise<{ replies: Reply[]; executionIds: string[] }> {
			const known = new Set((await executions()).map((execution) => execution.id));
			const waveStarted = Date.now();
			const replies = await Promise.all(calls.map(call));
			log(
				`${calls.length} parallel executions answered in ${((Date.now() - waveStarted) / 1000).toFixed(1)} s`,
			);
			const fresh = (await executions()).filter((execution) => !known.has(execution.id));
			const failed = replies.filter((reply) => reply.status !== 200);
			if (failed.length > 0) {
				const errors = await Promise.all(
					fresh
						.filter((execution) => execution.status !== 'success')
						.map(async (execution) => `execution ${execution.id}: ${await errorOf(execution.id)}`),
				);
				assert.fail(
					`${failed.length} of ${replies.length} calls failed, e.g. ${failed[0].call.account} ` +
						`${failed[0].call.kind} ${failed[0].call.name ?? ''}: HTTP ${failed[0].status} ` +
						`${JSON.stringify(failed[0].body).slice(0, 300)}\n${errors.join('\n')}`,
				);
			}
			return { replies, executionIds: fresh.map((execution) => execution.id) };
		}

		async function executions(): Promise<Array<{ id: string; status: string }>> {
			const list = await rest.request<{ results: Array<{ id: string; status: string }> }>(
				'GET',
				'/rest/executions?limit=100',
			);
			return list.results;
		}

		/** An execution's run data as n8n stores it (a flatted JSON array of values). */
		async function runDataOf(id: string): Promise<string> {
			return (await rest.request<{ data: string }>('GET', `/rest/executions/${id}`)).data;
		}

		/** The error messages in a failed execution's run data. */
		async function errorOf(id: string): Promise<string> {
			const values = JSON.parse(await runDataOf(id)) as unknown[];
			const texts = values.filter(
				(value): value is string =>
					typeof value === 'string' && /error|fail|invalid|not |must|cannot/i.test(value),
			);
			return texts.slice(0, 6).join(' | ').slice(0, 1000);
		}

		/** Every execution ran on exactly one worker, both workers ran some, the main none. */
		function checkRanOnWorkers(ids: string[]): void {
			assert.equal(ids.length, PARALLEL, `n8n lists ${ids.length} new executions`);
			const byWorker = cluster!.workers.map(
				(worker) => new Set(executionsStarted(worker.output())),
			);
			for (const id of ids) {
				const ranOn = cluster!.workers.filter((_, index) => byWorker[index].has(id));
				assert.equal(
					ranOn.length,
					1,
					`execution ${id} ran on ${ranOn.map((w) => w.name).join(', ') || 'no worker'}`,
				);
			}
			const counts = byWorker.map((set) => ids.filter((id) => set.has(id)).length);
			log(`executions per worker: ${counts.join(' + ')}`);
			assert.ok(
				counts.every((count) => count > 0),
				`each worker ran some executions: ${counts.join(' + ')}`,
			);
			assert.equal(
				executionsStarted(cluster!.main.output()).length,
				0,
				'the main ran no execution',
			);
		}

		/** Every API request carried the token of the ad account it was about. */
		function checkTokens(): void {
			for (const request of emulator.requests.filter((r) => r.path.startsWith('/open_api/'))) {
				const advertiser = String(
					request.query.advertiser_id ??
						(request.body as IDataObject | undefined)?.advertiser_id ??
						'',
				);
				const account = (Object.keys(ACCOUNTS) as Account[]).find(
					(a) => ACCOUNTS[a].advertiserId === advertiser,
				);
				if (account) {
					assert.equal(
						request.headers['access-token'],
						ACCOUNTS[account].token,
						`${request.path} for ${advertiser} carried another account's token`,
					);
				}
				assert.equal(request.response?.code, 0, `${request.path}: ${request.response?.message}`);
			}
		}

		const created = new Map<string, { account: Account; name: string; emails: string[] }>();

		it(
			'creates 16 audiences from items and from uploaded customer files, and lists ad accounts, 20 at once on the workers',
			{ timeout: TEST_TIMEOUT_MS },
			async () => {
				const calls: Call[] = [];
				for (const account of Object.keys(ACCOUNTS) as Account[]) {
					for (let index = 1; index <= 2; index++) calls.push({ account, kind: 'advertisers' });
					for (let index = 1; index <= 4; index++) {
						for (const kind of ['items', 'file'] as const) {
							const name = `Queue ${account} ${kind} ${index}`;
							calls.push({
								account,
								kind,
								name,
								emails: emailsFor(`${account}-${kind}-${index}`, 2 + index),
							});
						}
					}
				}
				// Interleave the two accounts so that both reach both workers.
				calls.sort(
					(a, b) =>
						(a.kind + a.name).localeCompare(b.kind + b.name) || a.account.localeCompare(b.account),
				);
				const { replies, executionIds } = await wave(calls);
				for (const reply of replies) {
					const { account, kind, name, emails } = reply.call;
					if (kind === 'advertisers') {
						const expected = emulator.world
							.tokens()
							.find((token) => token.accessToken === ACCOUNTS[account].token)!;
						assert.deepEqual(
							reply.body.map((entry) => entry.advertiser_id).sort(),
							[...expected.advertiserIds].sort(),
						);
						continue;
					}
					const [summary, ...more] = reply.body;
					assert.equal(more.length, 0, `${name}: one summary`);
					assert.equal(summary.rowsUploaded, emails!.length, `${name}: ${JSON.stringify(summary)}`);
					created.set(String(summary.audienceId), { account, name: name!, emails: emails! });
				}
				checkRanOnWorkers(executionIds);
				// The main kept each uploaded file in PostgreSQL (queue mode's binary storage), and the
				// worker's execution refers to it there.
				const stored = await cluster!.postgres.query(
					`select "fileId", "fileSize" from binary_data where "fileName" = 'customers.csv'`,
				);
				assert.equal(stored.length, 8, `customers.csv rows in binary_data: ${stored.length}`);
				const runData = await Promise.all(executionIds.map(runDataOf));
				for (const [fileId] of stored) {
					const users = executionIds.filter((_, index) =>
						runData[index].includes(`database:${fileId}`),
					);
					assert.equal(
						users.length,
						1,
						`executions reading database:${fileId}: ${users.join(', ')}`,
					);
				}
				checkTokens();
				log(`wave 1 checked (${seconds()})`);
			},
		);

		it(
			'replaces the members of all 16 audiences, 20 executions at once',
			{ timeout: TEST_TIMEOUT_MS },
			async () => {
				assert.equal(created.size, 16, 'needs the audiences of the first test');
				const calls: Call[] = [];
				for (const [audienceId, audience] of created) {
					// One member kept, the others new: the replaced list is this execution's alone. TikTok
					// refuses a Replace that leaves a customer-file audience under 1,000 people.
					const emails = [
						audience.emails[0],
						...emailsFor(
							`${audience.name.replace(/\W+/g, '-').toLowerCase()}-new`,
							REPLACED_MEMBERS,
						),
					];
					calls.push({
						account: audience.account,
						kind: 'replace',
						audienceId,
						emails,
						name: audience.name,
					});
				}
				for (const account of Object.keys(ACCOUNTS) as Account[]) {
					for (let index = 1; index <= 2; index++) calls.push({ account, kind: 'advertisers' });
				}
				calls.sort((a, b) => (a.audienceId ?? '').localeCompare(b.audienceId ?? ''));
				const { replies, executionIds } = await wave(calls);
				for (const reply of replies.filter((r) => r.call.kind === 'replace')) {
					const [summary] = reply.body;
					assert.equal(summary.audienceId, reply.call.audienceId);
					assert.equal(summary.action, 'REPLACE');
					created.get(reply.call.audienceId!)!.emails = reply.call.emails!;
				}
				checkRanOnWorkers(executionIds);
				checkTokens();
				log(`wave 2 checked (${seconds()})`);
			},
		);

		it(
			'leaves the emulator with exactly the expected audiences and members',
			{ timeout: TEST_TIMEOUT_MS },
			() => {
				const mine = emulator.world
					.audiences()
					.filter((audience) => audience.name.startsWith('Queue '));
				const names = mine.map((audience) => audience.name);
				assert.equal(
					new Set(names).size,
					names.length,
					`duplicate audience names: ${names.sort().join(', ')}`,
				);
				assert.equal(mine.length, 16);
				for (const audience of mine) {
					const expected = created.get(audience.audienceId);
					assert.ok(expected, `unexpected audience ${audience.name}`);
					assert.equal(audience.name, expected.name);
					assert.equal(
						audience.ownerId,
						ACCOUNTS[expected.account].advertiserId,
						`${audience.name}: owner`,
					);
					assert.deepEqual(
						audience.members,
						new Set(expected.emails.map(sha256)),
						`${audience.name}: members`,
					);
				}
			},
		);
	},
);
