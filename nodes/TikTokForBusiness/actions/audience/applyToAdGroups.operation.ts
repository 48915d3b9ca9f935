import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { audienceTarget, optionsCollection } from '../../descriptions/common.descriptions';
import type { TikTokClient } from '../../transport';
import { adGroupIdsProperty, changeAdGroups } from './adGroups';

const properties: INodeProperties[] = [
	...audienceTarget,
	adGroupIdsProperty,
	{
		displayName: 'Usage',
		name: 'usageMode',
		type: 'options',
		options: [
			{
				name: 'Include',
				value: 'Include',
				description: 'Show the ad groups’ ads to this audience',
			},
			{ name: 'Exclude', value: 'Exclude', description: 'Keep this audience from seeing the ads' },
		],
		default: 'Include',
	},
	optionsCollection(),
];

const displayOptions = { show: { resource: ['audience'], operation: ['applyToAdGroups'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function executeBatch(
	this: IExecuteFunctions,
	_items: INodeExecutionData[],
	client: TikTokClient,
): Promise<INodeExecutionData[]> {
	return await changeAdGroups(this, client, 'Apply');
}
