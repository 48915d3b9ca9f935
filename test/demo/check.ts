/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- local tooling runs in Node and never ships in the package */
// Checks a running demo (`npm start` in another terminal) the way the editor would use it: logs
// in, runs the demo workflow through n8n's REST API, waits for the execution and reports what the
// emulator now holds.
//
// Run: node --import tsx test/demo/check.ts
import { existsSync, readFileSync } from 'node:fs';

import { DEMO_STATE_FILE } from './demo';
import { N8nRest } from '../n8n/process';

interface DemoState {
	editorUrl: string;
	login: { email: string; password: string };
	workflowId: string;
	emulatorUrl: string;
}

interface Execution {
	id: string;
	status: string;
	finished?: boolean;
	data?: string;
}

async function main(): Promise<void> {
	if (!existsSync(DEMO_STATE_FILE)) {
		throw new Error(`No running demo found (${DEMO_STATE_FILE} is missing): run npm start first`);
	}
	const state = JSON.parse(readFileSync(DEMO_STATE_FILE, 'utf8')) as DemoState;

	const health = await fetch(`${state.editorUrl}/healthz`);
	console.log(`GET /healthz → HTTP ${health.status} ${await health.text()}`);
	if (!health.ok) throw new Error('n8n is not healthy');

	const rest = new N8nRest(state.editorUrl);
	await rest.login(state.login.email, state.login.password);
	console.log(`Logged in as ${state.login.email}`);

	const workflow = await rest.request<{ id: string; name: string; nodes: unknown[] }>(
		'GET',
		`/rest/workflows/${state.workflowId}`,
	);
	console.log(`Workflow "${workflow.name}" has ${workflow.nodes.length} nodes; running it…`);
	const trigger = "When clicking 'Execute workflow'";
	const run = await rest.request<{ executionId?: string; waitingForWebhook?: boolean }>(
		'POST',
		`/rest/workflows/${state.workflowId}/run`,
		{ workflowData: workflow, triggerToStartFrom: { name: trigger } },
	);
	if (!run.executionId) throw new Error(`n8n did not start an execution: ${JSON.stringify(run)}`);

	let execution: Execution | undefined;
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		execution = await rest.request<Execution>('GET', `/rest/executions/${run.executionId}`);
		if (execution.status !== 'running' && execution.status !== 'new') break;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	console.log(`Execution ${run.executionId}: ${execution?.status}`);
	if (execution?.status !== 'success') {
		throw new Error(`the demo workflow did not succeed: ${String(execution?.data).slice(0, 2000)}`);
	}

	const world = (await (await fetch(`${state.emulatorUrl}/__emulator/state`)).json()) as {
		audiences?: Array<{ name?: string; memberCount?: number; members?: number }>;
	};
	const demoAudiences = (world.audiences ?? []).filter((audience) =>
		audience.name?.startsWith('Demo:'),
	);
	console.log(`Emulator audiences created by the demo: ${JSON.stringify(demoAudiences)}`);
	if (demoAudiences.length === 0) throw new Error('the emulator holds no demo audience');
	console.log('Demo check passed.');
}

main().catch((error: unknown) => {
	console.error(`Demo check failed: ${error instanceof Error ? error.message : error}`);
	process.exit(1);
});
