import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { audienceTarget, optionsCollection } from '../../descriptions/common.descriptions';
import type { TikTokClient } from '../../transport';
import { adGroupIdsProperty, changeAdGroups } from './adGroups';

const properties: INodeProperties[] = [...audienceTarget, adGroupIdsProperty, optionsCollection()];

const displayOptions = { show: { resource: ['audience'], operation: ['disconnectFromAdGroups'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function executeBatch(
	this: IExecuteFunctions,
	_items: INodeExecutionData[],
	client: TikTokClient,
): Promise<INodeExecutionData[]> {
	return await changeAdGroups(this, client, 'Disconnect');
}
