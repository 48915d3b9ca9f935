import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as advertiser from './actions/advertiser/Advertiser.resource';
import * as audience from './actions/audience/Audience.resource';
import * as customApiCall from './actions/customApiCall/customApiCall.operation';
import { router } from './actions/router';
import { listSearch } from './methods';

export class TikTokForBusiness implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TikTok for Business',
		name: 'tikTokForBusiness',
		icon: { light: 'file:../../icons/tiktok.svg', dark: 'file:../../icons/tiktok.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Read TikTok ad accounts and manage custom audiences: build them from workflow items or customer files, keep them in sync, share them, create lookalikes and apply them to ad groups',
		defaults: { name: 'TikTok for Business' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'tikTokForBusinessOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['tikTokForBusinessOAuth2Api'] } },
			},
			{
				name: 'tikTokForBusinessSandboxApi',
				required: true,
				displayOptions: { show: { authentication: ['tikTokForBusinessSandboxApi'] } },
			},
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'Access Token (Sandbox)', value: 'tikTokForBusinessSandboxApi' },
					{ name: 'OAuth2 (Production)', value: 'tikTokForBusinessOAuth2Api' },
				],
				default: 'tikTokForBusinessOAuth2Api',
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Advertiser', value: 'advertiser' },
					{ name: 'Audience', value: 'audience' },
					{ name: 'Custom API Call', value: 'customApiCall' },
				],
				default: 'audience',
			},
			...advertiser.description,
			...audience.description,
			...customApiCall.customApiCallProperties({ resource: ['customApiCall'] }),
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
