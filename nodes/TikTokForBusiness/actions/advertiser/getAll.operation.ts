import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, returnAllOrLimit } from '../../descriptions/common.descriptions';
import { readLimit } from '../../helpers/parameters';
import { listReachableAdvertisers } from '../../transport';
import type { ItemExecute } from '../runner';

const properties: INodeProperties[] = [...returnAllOrLimit, optionsCollection()];

const displayOptions = { show: { resource: ['advertiser'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute: ItemExecute = async function (itemIndex, client) {
	const advertisers = await listReachableAdvertisers(client);
	const limit = readLimit(this, itemIndex);
	return advertisers.slice(0, limit).map((advertiser) => ({ ...advertiser }));
};
