import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { DEFAULT_WORLD, type Emulator } from '../emulator';
import { NODE_TYPE, runWorkflow, type RunResult, type StoredCredential } from './harness';

export const PRODUCTION = 'tikTokForBusinessOAuth2Api';
export const SANDBOX = 'tikTokForBusinessSandboxApi';
export type CredentialKind = 'production' | 'sandbox';

export const ADVERTISERS = DEFAULT_WORLD.advertisers;
export const AUDIENCES = DEFAULT_WORLD.audiences;

/** A resource locator value given by ID, as the editor stores it. */
export function byId(value: string) {
	return { __rl: true, mode: 'id', value };
}

export function sandboxCredential(emulator: Emulator, data: IDataObject = {}): StoredCredential {
	return {
		id: 'sandbox-credential',
		name: 'TikTok sandbox',
		type: SANDBOX,
		data: {
			accessToken: DEFAULT_WORLD.tokens.sandbox,
			advertiserId: ADVERTISERS.sandbox.id,
			baseUrl: emulator.sandboxUrl,
			...data,
		},
	};
}

/** What n8n stores after TikTok's token reply, in either of the shapes TikTok may use. */
export function tokenData(shape: 'flat' | 'wrapped', accessToken: string): IDataObject {
	const grant = {
		access_token: accessToken,
		advertiser_ids: [...DEFAULT_WORLD.authorizingAdvertiserIds],
		scope: [100, 30, 31, 32],
	};
	return shape === 'flat'
		? { ...grant, token_type: 'bearer' }
		: { code: 0, message: 'OK', request_id: '202611250000000000001', data: grant };
}

export function productionCredential(
	emulator: Emulator,
	oauthTokenData: IDataObject = tokenData('wrapped', DEFAULT_WORLD.tokens.production),
	data: IDataObject = {},
): StoredCredential {
	return {
		id: 'production-credential',
		name: 'TikTok production',
		type: PRODUCTION,
		data: {
			clientId: DEFAULT_WORLD.app.appId,
			clientSecret: DEFAULT_WORLD.app.secret,
			baseUrl: emulator.url,
			oauthTokenData,
			...data,
		},
	};
}

export interface NodeOptions {
	credential?: CredentialKind;
	continueOnFail?: boolean;
	name?: string;
}

export function tikTokNode(parameters: INodeParameters, options: NodeOptions = {}): INode {
	const credential = options.credential ?? 'production';
	const credentialType = credential === 'sandbox' ? SANDBOX : PRODUCTION;
	return {
		id: 'tiktok-node',
		name: options.name ?? 'TikTok for Business',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { authentication: credentialType, ...parameters },
		credentials: {
			[credentialType]: {
				id: credential === 'sandbox' ? 'sandbox-credential' : 'production-credential',
				name: 'TikTok',
			},
		},
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
}

export interface RunTikTokOptions extends NodeOptions {
	items?: Array<IDataObject | INodeExecutionData>;
	credentials?: StoredCredential[];
}

export interface TikTokRun extends RunResult {
	/** The node's output items (JSON only). */
	json: IDataObject[];
	output: INodeExecutionData[];
}

function asItem(item: IDataObject | INodeExecutionData): INodeExecutionData {
	return 'json' in item && typeof item.json === 'object'
		? (item as INodeExecutionData)
		: { json: item };
}

/** Runs one TikTok for Business node in a workflow, against the given emulator. */
export async function runTikTok(
	emulator: Emulator,
	parameters: INodeParameters,
	options: RunTikTokOptions = {},
): Promise<TikTokRun> {
	const node = tikTokNode(parameters, options);
	const credentials = options.credentials ?? [
		options.credential === 'sandbox' ? sandboxCredential(emulator) : productionCredential(emulator),
	];
	const result = await runWorkflow(
		{ nodes: [node], connections: {} },
		{ items: (options.items ?? [{}]).map(asItem), credentials },
	);
	const output = result.outputs[node.name] ?? [];
	return { ...result, output, json: output.map((item) => item.json) };
}

/** Fast retries for tests: the same policy shape users get, with millisecond waits. */
export const FAST_RETRY = { maxAttempts: 4, retryDelay: 5, maxTotalWait: 5 };

/** Audience → Create with members from the input items' `email` field (by default). */
export function createFromItems(
	advertiserId: string,
	audienceName: string,
	extra: IDataObject = {},
): INodeParameters {
	return {
		resource: 'audience',
		operation: 'create',
		advertiserId: byId(advertiserId),
		audienceName,
		source: 'items',
		identifierFields: { emailField: 'email' },
		...extra,
	} as INodeParameters;
}

/** Audience → Update whose members change by the input items' `email` field (by default). */
export function updateFromItems(
	advertiserId: string,
	audienceId: string,
	membersAction: 'APPEND' | 'REMOVE' | 'REPLACE',
	extra: IDataObject = {},
): INodeParameters {
	return {
		resource: 'audience',
		operation: 'update',
		advertiserId: byId(advertiserId),
		audienceId: byId(audienceId),
		membersAction,
		source: 'items',
		identifierFields: { emailField: 'email' },
		...extra,
	} as INodeParameters;
}

/** An Audience operation on one audience of one advertiser. */
export function audienceOperation(
	operation: string,
	advertiserId: string,
	audienceId: string,
	extra: IDataObject = {},
): INodeParameters {
	return {
		resource: 'audience',
		operation,
		advertiserId: byId(advertiserId),
		audienceId: byId(audienceId),
		...extra,
	} as INodeParameters;
}

/** A resource locator whose ID comes from each input item's field, as an expression. */
export function idFromItem(field = 'id') {
	return { __rl: true, mode: 'id', value: `={{ $json.${field} }}` };
}
