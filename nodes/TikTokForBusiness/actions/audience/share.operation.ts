import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { audienceTarget, optionsCollection } from '../../descriptions/common.descriptions';
import type { TikTokClient } from '../../transport';
import { shareInBatches } from './sharing';

const properties: INodeProperties[] = [
	...audienceTarget,
	{
		displayName: 'Share With Advertiser IDs',
		name: 'sharedAdvertiserIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 7012345678901234567, 7012345678901234568',
		description:
			'Ad accounts to share the audience with (1 to 10 IDs, separated by commas). They must be in the same Business Center as the selected advertiser. Items of the same advertiser with the same ad accounts are sent together, up to 10 audiences per request.',
	},
	optionsCollection(),
];

const displayOptions = { show: { resource: ['audience'], operation: ['share'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function executeBatch(
	this: IExecuteFunctions,
	_items: INodeExecutionData[],
	client: TikTokClient,
): Promise<INodeExecutionData[]> {
	return await shareInBatches(this, client);
}
