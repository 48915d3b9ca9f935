import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { audienceTarget, optionsCollection } from '../../descriptions/common.descriptions';
import type { TikTokClient } from '../../transport';
import { cancelSharingInBatches } from './sharing';

const MAX_ADVERTISERS = 100;

const properties: INodeProperties[] = [
	...audienceTarget,
	{
		displayName: 'Stop Sharing With Advertiser IDs',
		name: 'sharedAdvertiserIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 7012345678901234567',
		description:
			'Ad accounts that should no longer see the audience (separated by commas). TikTok takes one ad account per request; items asking for the same one share it.',
	},
	optionsCollection(),
];

const displayOptions = { show: { resource: ['audience'], operation: ['cancelShare'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function executeBatch(
	this: IExecuteFunctions,
	_items: INodeExecutionData[],
	client: TikTokClient,
): Promise<INodeExecutionData[]> {
	return await cancelSharingInBatches(this, client, MAX_ADVERTISERS);
}
