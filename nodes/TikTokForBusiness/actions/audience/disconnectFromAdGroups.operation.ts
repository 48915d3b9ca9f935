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
	optionsCollection(),
];

const displayOptions = { show: { resource: ['audience'], operation: ['disconnectFromAdGroups'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const result = await changeAdGroups(this, itemIndex, 'Disconnect');
	return { disconnected: true, ...result };
}
