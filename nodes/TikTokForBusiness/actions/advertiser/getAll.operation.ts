import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, returnAllOrLimit } from '../../descriptions/common.descriptions';
import type { ItemResult } from '../router';
import { listAuthorizedAdvertisers } from './advertisers';

const properties: INodeProperties[] = [...returnAllOrLimit, optionsCollection()];

const displayOptions = { show: { resource: ['advertiser'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const advertisers = await listAuthorizedAdvertisers.call(this, itemIndex);
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	if (returnAll) return advertisers.map((advertiser) => ({ ...advertiser }));
	const limit = this.getNodeParameter('limit', itemIndex, 50) as number;
	return advertisers.slice(0, limit).map((advertiser) => ({ ...advertiser }));
}
