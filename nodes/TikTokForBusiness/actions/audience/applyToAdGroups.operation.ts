import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	advertiserLocator,
	audienceLocator,
	optionsCollection,
} from '../../descriptions/common.descriptions';
import type { ItemResult } from '../router';
import { adGroupIdsProperty, changeAdGroups } from './adGroups';

const properties: INodeProperties[] = [
	advertiserLocator,
	audienceLocator,
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

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const usageMode = this.getNodeParameter('usageMode', itemIndex, 'Include') as
		| 'Include'
		| 'Exclude';
	const result = await changeAdGroups(this, itemIndex, 'Apply', usageMode);
	return { applied: true, usageMode, ...result };
}
