import type { IConnections, IDataObject, INode } from 'n8n-workflow';

import { PACKAGE_NAME } from '../n8n/install';
import { DEMO_CONNECT_WORKFLOW_ID, DEMO_WORKFLOW_ID } from './constants';
import type { EmulatorReady } from './processes';

// What the demo imports into n8n: the sample contacts, two credentials and two workflows.

const NODE_TYPE = `${PACKAGE_NAME}.tikTokForBusiness`;

const CONTACTS = [
	{ firstName: 'Ada', email: '  Ada.Lovelace@Example.com ' },
	{ firstName: 'Grace', email: 'grace.hopper@example.org' },
	{ firstName: 'Linus', email: 'LINUS@EXAMPLE.NET' },
	{ firstName: 'Margaret', email: 'margaret.hamilton@example.com' },
	{ firstName: 'Alan', email: 'alan.turing@example.co.uk' },
	{ firstName: 'Typo', email: 'not-an-email-address' },
	// TikTok keeps an audience only with at least 1,000 people (it refuses a Replace that leaves
	// fewer), so the sample list is large enough to run the sync again and again.
	...Array.from({ length: 1200 }, (_, index) => ({
		firstName: `Subscriber ${index + 1}`,
		email: `subscriber${index + 1}@example.com`,
	})),
];

export function credentials(emulator: EmulatorReady) {
	return {
		sandbox: {
			id: 'tiktokDemoSandbox',
			name: 'TikTok sandbox (demo emulator)',
			type: 'tikTokForBusinessSandboxApi',
			data: {
				accessToken: emulator.sandboxToken,
				advertiserId: emulator.sandboxAdvertiserId,
				baseUrl: emulator.sandboxUrl,
			},
		},
		production: {
			id: 'tiktokDemoOAuth2',
			name: 'TikTok production (demo emulator, click Connect)',
			type: 'tikTokForBusinessOAuth2Api',
			data: {
				clientId: emulator.appId,
				clientSecret: emulator.appSecret,
				baseUrl: emulator.url,
			},
		},
	};
}

function chain(nodes: INode[]): IConnections {
	const connections: IConnections = {};
	for (let index = 0; index < nodes.length - 1; index++) {
		if (nodes[index].type === 'n8n-nodes-base.stickyNote') continue;
		const next = nodes.slice(index + 1).find((node) => node.type !== 'n8n-nodes-base.stickyNote');
		if (next)
			connections[nodes[index].name] = { main: [[{ node: next.name, type: 'main', index: 0 }]] };
	}
	return connections;
}

function stickyNote(id: string, content: string, position: [number, number]): INode {
	return {
		id,
		name: `Note ${id}`,
		type: 'n8n-nodes-base.stickyNote',
		typeVersion: 1,
		position,
		parameters: { content, height: 300, width: 420 },
	};
}

export function workflows(emulator: EmulatorReady) {
	const { sandbox, production } = credentials(emulator);
	const sandboxCredential = { [sandbox.type]: { id: sandbox.id, name: sandbox.name } };
	const advertiserId = { __rl: true, mode: 'id', value: emulator.sandboxAdvertiserId };
	const audienceNodes: INode[] = [
		stickyNote(
			'about',
			[
				'## TikTok for Business demo',
				'Click **Execute workflow**. 1,206 sample contacts become one TikTok custom audience: ' +
					'the node trims, lower-cases and SHA-256 hashes the e-mails, drops the invalid one, ' +
					"uploads a customer file and creates the audience, or updates it on later runs. The last node lists the ad account's " +
					'audiences.',
				'',
				`Everything talks to the local TikTok emulator (${emulator.sandboxUrl}), not to TikTok.`,
			].join('\n'),
			[-40, -360],
		),
		{
			id: 'demo-trigger',
			name: "When clicking 'Execute workflow'",
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'demo-contacts',
			name: 'Sample CRM contacts',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				mode: 'raw',
				jsonOutput: JSON.stringify({ contacts: CONTACTS }),
				options: {},
			},
		},
		{
			id: 'demo-split',
			name: 'One item per contact',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [440, 0],
			parameters: { fieldToSplitOut: 'contacts', include: 'noOtherFields', options: {} },
		},
		{
			id: 'demo-create',
			name: 'Sync TikTok audience',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [660, 0],
			parameters: {
				authentication: sandbox.type,
				resource: 'audience',
				operation: 'upsert',
				advertiserId,
				audienceName: 'Demo: newsletter contacts',
				membersAction: 'REPLACE',
				source: 'items',
				identifierFields: { emailField: 'email' },
			},
			credentials: sandboxCredential,
		},
		{
			id: 'demo-list',
			name: 'List TikTok audiences',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [880, 0],
			parameters: {
				authentication: sandbox.type,
				resource: 'audience',
				operation: 'getAll',
				advertiserId,
				returnAll: true,
			},
			credentials: sandboxCredential,
		},
	];
	const oauthNodes: INode[] = [
		stickyNote(
			'connect',
			[
				'## Production credential (OAuth2)',
				`Open the credential **${production.name}** and click **Connect my account**: ` +
					"the emulator's consent page approves at once and n8n stores the token. Then click " +
					'**Execute workflow** to list the ad accounts that authorized the app.',
			].join('\n'),
			[-40, -360],
		),
		{
			id: 'demo-oauth-trigger',
			name: "When clicking 'Execute workflow'",
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'demo-oauth-list',
			name: 'List ad accounts',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [220, 0],
			parameters: {
				authentication: production.type,
				resource: 'advertiser',
				operation: 'getAll',
				returnAll: true,
			},
			credentials: { [production.type]: { id: production.id, name: production.name } },
		},
	];
	const settings: IDataObject = { executionOrder: 'v1' };
	return [
		{
			id: DEMO_WORKFLOW_ID,
			name: 'TikTok demo: audience from contacts (sandbox)',
			nodes: audienceNodes,
			connections: chain(audienceNodes),
			active: false,
			settings,
		},
		{
			id: DEMO_CONNECT_WORKFLOW_ID,
			name: 'TikTok demo: list ad accounts (production OAuth2)',
			nodes: oauthNodes,
			connections: chain(oauthNodes),
			active: false,
			settings,
		},
	];
}
