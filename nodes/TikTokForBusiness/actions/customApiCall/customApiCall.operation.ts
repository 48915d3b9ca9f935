import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { optionsCollection } from '../../descriptions/common.descriptions';
import { perItem } from '../runner';

// n8n adds its own "Custom API Call" to a node's resource and operation lists unless the last
// option already has that name. n8n's version signs through the HTTP Request node, which cannot
// put a TikTok OAuth2 token where TikTok wants it; this one signs like every other operation.
export const CUSTOM_API_CALL = 'customApiCall';

export const customApiCallOption: INodePropertyOptions = {
	name: 'Custom API Call',
	value: CUSTOM_API_CALL,
	description: "Send any request to TikTok's Marketing API v1.3 with this node's credential",
	action: 'Make a custom API call',
};

/** The call's fields, shown for the resource or for an operation named Custom API Call. */
export function customApiCallProperties(show: Record<string, string[]>): INodeProperties[] {
	const properties: INodeProperties[] = [
		{
			displayName: 'Method',
			name: 'customMethod',
			type: 'options',
			options: [
				{ name: 'GET', value: 'GET' },
				{ name: 'POST', value: 'POST' },
			],
			default: 'GET',
		},
		{
			displayName: 'Endpoint',
			name: 'customEndpoint',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. /dmp/custom_audience/list/',
			description:
				"Path below https://business-api.tiktok.com/open_api/v1.3, with TikTok's trailing slash",
		},
		{
			displayName: 'Query Parameters (JSON)',
			name: 'customQuery',
			type: 'json',
			default: '{}',
			description:
				'Query parameters as a JSON object; arrays and objects are sent as JSON text, as TikTok expects',
		},
		{
			displayName: 'Body (JSON)',
			name: 'customBody',
			type: 'json',
			default: '{}',
			displayOptions: { show: { customMethod: ['POST'] } },
			description: 'The JSON body of a POST request',
		},
		optionsCollection(),
	];
	return properties.map((property) => ({
		...property,
		displayOptions: { show: { ...show, ...property.displayOptions?.show } },
	}));
}

// A path of TikTok's API: letters, digits, underscores and slashes, never another host.
const ENDPOINT = /^\/?([a-z0-9_]+\/)*[a-z0-9_]+\/?$/i;

function readJsonObject(raw: unknown, label: string): IDataObject {
	const value = typeof raw === 'string' ? (raw.trim() === '' ? {} : JSON.parse(raw)) : raw;
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new Error(`${label} must be a JSON object`);
	}
	return value as IDataObject;
}

/** GET or POST in any case; anything else (an expression may give DELETE) is refused. */
function readMethod(context: IExecuteFunctions, itemIndex: number): 'GET' | 'POST' {
	const raw = context.getNodeParameter('customMethod', itemIndex, 'GET');
	const method = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
	if (method === 'GET' || method === 'POST') return method;
	throw new NodeOperationError(
		context.getNode(),
		`TikTok's API takes GET and POST, not "${String(raw)}"`,
		{
			description: 'Choose GET to read and POST to change something.',
			itemIndex,
		},
	);
}

function readCall(context: IExecuteFunctions, itemIndex: number) {
	const method = readMethod(context, itemIndex);
	const endpoint = String(context.getNodeParameter('customEndpoint', itemIndex, '')).trim();
	if (!ENDPOINT.test(endpoint)) {
		throw new NodeOperationError(context.getNode(), `"${endpoint}" is not a TikTok API path`, {
			description:
				'Enter the path below /open_api/v1.3 only, e.g. /dmp/custom_audience/list/. The host comes from the credential.',
			itemIndex,
		});
	}
	let qs: IDataObject;
	let body: IDataObject | undefined;
	try {
		qs = readJsonObject(
			context.getNodeParameter('customQuery', itemIndex, '{}'),
			'Query Parameters',
		);
		if (method === 'POST') {
			body = readJsonObject(context.getNodeParameter('customBody', itemIndex, '{}'), 'Body');
		}
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, {
			description: 'Enter a JSON object, e.g. {"advertiser_id": "7012345678901234567"}.',
			itemIndex,
		});
	}
	const path = `/${endpoint.replace(/^\/+/, '').replace(/\/?$/, '/')}`;
	return { method, endpoint: path, qs, body };
}

export const execute = perItem({
	read(itemIndex) {
		return readCall(this, itemIndex);
	},
	// A custom request may create something: a lost reply is reported, never resent.
	run: async (call, client) => await client.request({ ...call, idempotent: call.method === 'GET' }),
});
