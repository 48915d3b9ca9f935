/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test tooling runs in Node and never ships in the package */
// Runs workflow JSON in-process through n8n's own engine: the package is loaded by n8n-core's
// PackageDirectoryLoader, executed by WorkflowExecute, and its requests are signed by a
// credentials helper that behaves like n8n's (defaults, expressions, generic auth, OAuth2).
import './env';

import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import {
	BinaryDataService,
	Credentials,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PackageDirectoryLoader,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteData,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	createRunExecutionData,
	ICredentialsHelper,
	isExpression,
	NodeHelpers,
	Workflow,
} from 'n8n-workflow';

// n8n-core's services live in its own copy of @n8n/di (the CLI tooling brings another version).
const requireFromCore = createRequire(require.resolve('n8n-core'));
const { Container } = requireFromCore('@n8n/di') as {
	Container: { get<T>(service: new (...args: never[]) => T): T };
};
// Every node run creates n8n-core's SSH client manager, whose 60 s cleanup timer would keep a
// test process alive after its tests; the n8n server stops it on shutdown, a test process never.
const { SSHClientsManager } = requireFromCore('./execution-engine/ssh-clients-manager') as {
	SSHClientsManager: new (...args: never[]) => { cleanupTimer: { unref(): void } };
};

export const PACKAGE_ROOT = resolve(__dirname, '../..');
export const PACKAGE_NAME = 'n8n-nodes-tiktok-for-business';
export const NODE_TYPE = `${PACKAGE_NAME}.tikTokForBusiness`;

// The parent of every OAuth2 credential lives in n8n-nodes-base, which the package does not
// depend on: these are the properties of n8n's OAuth2Api that the child does not redeclare.
const OAUTH2_API: ICredentialType = {
	name: 'oAuth2Api',
	displayName: 'OAuth2 API',
	properties: [
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{ displayName: 'Authorization URL', name: 'authUrl', type: 'string', default: '' },
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'string', default: '' },
		{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '' },
		{ displayName: 'Client Secret', name: 'clientSecret', type: 'string', default: '' },
		{ displayName: 'Scope', name: 'scope', type: 'string', default: '' },
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'string',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{ name: 'Body', value: 'body' },
				{ name: 'Header', value: 'header' },
			],
			default: 'header',
		},
		{ displayName: 'Ignore SSL Issues', name: 'ignoreSSLIssues', type: 'boolean', default: false },
	],
};

/** Loads the package as n8n does, but from the TypeScript sources instead of `dist/`. */
class SourcePackageLoader extends PackageDirectoryLoader {
	resolvePath(file: string): string {
		const source = file.replace(/^dist\//, '').replace(/\.js$/, '.ts');
		return super.resolvePath(source);
	}
}

export interface LoadedPackage {
	nodeTypes: INodeTypes;
	credentialTypes: Map<string, ICredentialType>;
	loader: PackageDirectoryLoader;
}

let packagePromise: Promise<LoadedPackage> | undefined;

async function loadPackage(): Promise<LoadedPackage> {
	await Container.get(BinaryDataService).init();
	Container.get(SSHClientsManager).cleanupTimer.unref();
	const loader = new SourcePackageLoader(PACKAGE_ROOT);
	await loader.loadAll();
	const credentialTypes = new Map<string, ICredentialType>([[OAUTH2_API.name, OAUTH2_API]]);
	for (const [name, { type }] of Object.entries(loader.credentialTypes)) {
		credentialTypes.set(name, type);
	}
	const byName = (nodeType: string): INodeType | IVersionedNodeType => {
		const shortName = nodeType.startsWith(`${PACKAGE_NAME}.`)
			? nodeType.slice(PACKAGE_NAME.length + 1)
			: nodeType;
		const loaded = loader.nodeTypes[shortName];
		if (!loaded) throw new Error(`Unknown node type ${nodeType}`);
		return loaded.type;
	};
	const nodeTypes: INodeTypes = {
		getByName: byName,
		getByNameAndVersion: (nodeType, version) =>
			NodeHelpers.getVersionedNodeType(byName(nodeType), version),
		getKnownTypes: () => ({}),
	};
	return { nodeTypes, credentialTypes, loader };
}

/** The package, loaded once per test process. */
export async function getPackage(): Promise<LoadedPackage> {
	packagePromise ??= loadPackage();
	return await packagePromise;
}

export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

// Credentials resolve their expressions in a workflow of one placeholder node, as n8n does.
const mockNode: INode = {
	id: 'credential-resolver',
	name: 'credential-resolver',
	type: 'credential-resolver',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const mockNodeType = { description: { properties: [] } } as unknown as INodeType;
const mockNodeTypes: INodeTypes = {
	getByName: () => mockNodeType,
	getByNameAndVersion: () => mockNodeType,
	getKnownTypes: () => ({}),
};

/** Evaluates one expression of a credential as n8n does, e.g. a URL built from `$self`. */
export function evaluateCredentialExpression(expression: string, data: IDataObject): unknown {
	const workflow = new Workflow({
		nodes: [mockNode],
		connections: {},
		active: false,
		nodeTypes: mockNodeTypes,
	});
	return workflow.expression.getSimpleParameterValue(mockNode, expression, 'internal', data);
}

/** Behaves like n8n's CredentialsHelper, with credentials kept in memory. */
export class MemoryCredentialsHelper extends ICredentialsHelper {
	readonly store = new Map<string, StoredCredential>();

	constructor(private readonly credentialTypes: Map<string, ICredentialType>) {
		super();
	}

	add(credential: StoredCredential): void {
		this.store.set(credential.id, structuredClone(credential));
	}

	private type(name: string): ICredentialType {
		const type = this.credentialTypes.get(name);
		if (!type) throw new Error(`Unknown credential type ${name}`);
		return type;
	}

	private stored(details: INodeCredentialsDetails, type: string): StoredCredential {
		const credential = details.id ? this.store.get(details.id) : undefined;
		if (!credential || credential.type !== type) {
			throw new Error(`Credential ${details.id ?? details.name} of type ${type} not found`);
		}
		return credential;
	}

	getParentTypes(name: string): string[] {
		const parents = this.type(name).extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.type(type);
		if (!credentialType.extends) return credentialType.properties;
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}

	async getCredentials(details: INodeCredentialsDetails, type: string) {
		const credential = this.stored(details, type);
		const credentials = new Credentials({ id: credential.id, name: credential.name }, type);
		credentials.setData(credential.data);
		return credentials;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		details: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		_executeData?: IExecuteData,
		raw?: boolean,
	): Promise<ICredentialDataDecryptedObject> {
		const original = structuredClone(this.stored(details, type).data);
		if (raw) return original;
		// As n8n does: fill in defaults, then resolve expressions with $self = the credential.
		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			original as never,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (original.oauthTokenData !== undefined)
			withDefaults.oauthTokenData = original.oauthTokenData;
		const workflow = new Workflow({
			nodes: [mockNode],
			connections: {},
			active: false,
			nodeTypes: mockNodeTypes,
		});
		return workflow.expression.getComplexParameterValue(
			mockNode,
			withDefaults as never,
			mode,
			{},
			undefined,
			undefined,
			withDefaults as never,
		) as ICredentialDataDecryptedObject;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.type(typeName);
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		const resolveValue = (value: string) =>
			isExpression(value)
				? String(
						workflow.expression.getSimpleParameterValue(
							node,
							value,
							'internal',
							{ $credentials: credentials },
							undefined,
							'',
						) ?? '',
					)
				: value;
		const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
		for (const [outerKey, entries] of Object.entries(authenticate.properties)) {
			target[outerKey] ??= {};
			for (const [key, value] of Object.entries(entries as Record<string, string>)) {
				target[outerKey][resolveValue(key)] = resolveValue(value);
			}
		}
		return requestOptions;
	}

	// Neither credential of the package refreshes itself before a request.
	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async updateCredentials(
		details: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.stored(details, type).data = structuredClone(data);
	}

	async updateCredentialsOauthTokenData(
		details: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.stored(details, type).data.oauthTokenData = structuredClone(data.oauthTokenData);
	}
}

function createAdditionalData(
	credentialsHelper: MemoryCredentialsHelper,
	executionId: string,
	workflowData: IWorkflowBase,
	currentNodeParameters?: INodeParameters,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		hooks: new ExecutionLifecycleHooks('manual', executionId, workflowData),
		executionId,
		currentNodeExecutionIndex: 0,
		currentNodeParameters,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		variables: {},
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not available in the harness');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('Task runners are not available in the harness');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

function workflowBase(workflowJson: WorkflowJson): IWorkflowBase {
	return {
		id: randomUUID(),
		name: workflowJson.name ?? 'Harness workflow',
		active: false,
		isArchived: false,
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		createdAt: new Date(),
		updatedAt: new Date(),
		settings: {},
	} as IWorkflowBase;
}

function toWorkflow(workflowData: IWorkflowBase, nodeTypes: INodeTypes): Workflow {
	return new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes,
		staticData: {},
		settings: {},
	});
}

/**
 * Calls a node's list search method (a resource locator's "From list") the way the editor does:
 * through n8n-core's LoadOptionsContext, with the node's current parameters.
 */
export async function searchList(
	node: INode,
	methodName: string,
	credentials: StoredCredential[],
	filter?: string,
	paginationToken?: unknown,
): Promise<INodeListSearchResult> {
	const { nodeTypes, credentialTypes } = await getPackage();
	const credentialsHelper = new MemoryCredentialsHelper(credentialTypes);
	for (const credential of credentials) credentialsHelper.add(credential);
	const workflowData = workflowBase({ nodes: [node], connections: {} });
	const workflow = toWorkflow(workflowData, nodeTypes);
	const workflowNode = workflow.getNode(node.name)!;
	const additionalData = createAdditionalData(
		credentialsHelper,
		randomUUID(),
		workflowData,
		workflowNode.parameters,
	);
	const context = new LoadOptionsContext(workflow, workflowNode, additionalData, 'parameters');
	const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion) as INodeType;
	const method = nodeType.methods?.listSearch?.[methodName];
	if (!method) throw new Error(`The node has no list search method ${methodName}`);
	return await method.call(context, filter, paginationToken as string | undefined);
}

export interface WorkflowJson {
	name?: string;
	nodes: INode[];
	connections: IWorkflowBase['connections'];
}

export interface RunOptions {
	/** Input items for the start node (the first node of the workflow unless named). */
	items?: INodeExecutionData[];
	startNode?: string;
	credentials?: StoredCredential[];
}

export interface RunResult {
	/** Undefined when n8n refused to start the workflow (see `error`). */
	run: IRun | undefined;
	/** Output items of every executed node's first main output, by node name. */
	outputs: Record<string, INodeExecutionData[]>;
	/** The error that stopped the run, if any. */
	error?: Error & { description?: string; context?: IDataObject; httpCode?: string | null };
	credentials: MemoryCredentialsHelper;
}

/** Executes workflow JSON with n8n's WorkflowExecute and returns what every node produced. */
export async function runWorkflow(workflowJson: WorkflowJson, options: RunOptions = {}) {
	const { nodeTypes, credentialTypes } = await getPackage();
	const credentialsHelper = new MemoryCredentialsHelper(credentialTypes);
	for (const credential of options.credentials ?? []) credentialsHelper.add(credential);

	const workflowData = workflowBase(workflowJson);
	const workflow = toWorkflow(workflowData, nodeTypes);
	const startNode = workflow.getNode(options.startNode ?? workflowJson.nodes[0].name);
	if (!startNode) throw new Error('Start node not found');

	const executionId = randomUUID();
	const additionalData = createAdditionalData(credentialsHelper, executionId, workflowData);

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: startNode,
					data: { main: [options.items ?? [{ json: {} }]] },
					source: null,
				},
			],
		},
	});
	let run: IRun;
	try {
		run = await new WorkflowExecute(
			additionalData,
			'manual',
			runExecutionData,
		).processRunExecutionData(workflow);
	} catch (error) {
		// n8n refuses to start a workflow with parameter issues before running any node.
		return { run: undefined, outputs: {}, error, credentials: credentialsHelper } as RunResult;
	}

	const outputs: Record<string, INodeExecutionData[]> = {};
	for (const [nodeName, taskData] of Object.entries(run.data.resultData.runData)) {
		outputs[nodeName] = taskData.at(-1)?.data?.main?.[0] ?? [];
	}
	return {
		run,
		outputs,
		error: run.data.resultData.error as RunResult['error'],
		credentials: credentialsHelper,
	} satisfies RunResult;
}
