import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { TikTokClient } from '../transport';
import * as advertiser from './advertiser/Advertiser.resource';
import * as audience from './audience/Audience.resource';
import * as customApiCall from './customApiCall/customApiCall.operation';
import type { TikTokForBusinessType } from './node.type';
import type { Execute } from './runner';

function selectOperation(resource: string, operation: string): { execute: Execute } | undefined {
	if (resource === customApiCall.CUSTOM_API_CALL || operation === customApiCall.CUSTOM_API_CALL) {
		return customApiCall;
	}
	const tikTokForBusiness = { resource, operation } as TikTokForBusinessType;
	switch (tikTokForBusiness.resource) {
		case 'advertiser':
			return advertiser[tikTokForBusiness.operation];
		case 'audience':
			return audience[tikTokForBusiness.operation];
	}
	return undefined;
}

/** Finds the chosen resource's operation and runs it; one client serves the whole execution. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0, '') as string;
	if (operation === '__CUSTOM_API_CALL__') {
		throw new NodeOperationError(this.getNode(), 'Choose the node\'s own "Custom API Call"', {
			description:
				"This workflow uses n8n's generic Custom API Call, which cannot sign TikTok OAuth2 requests. Pick Custom API Call in the node's Operation list instead.",
		});
	}
	const selected = selectOperation(resource, operation);
	if (selected === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" is not supported for "${resource}"`,
		);
	}
	return [await selected.execute.call(this, TikTokClient.for(this))];
}
