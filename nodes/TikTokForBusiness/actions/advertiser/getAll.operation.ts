import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, returnAllOrLimit } from '../../descriptions/common.descriptions';
import { readLimit } from '../../parameters';
import { listReachableAdvertisers } from '../../transport';
import { perItem } from '../runner';

const properties: INodeProperties[] = [...returnAllOrLimit, optionsCollection()];

const displayOptions = { show: { resource: ['advertiser'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute = perItem({
	read(itemIndex) {
		return readLimit(this, itemIndex);
	},
	async run(limit, client) {
		const advertisers = await listReachableAdvertisers(client);
		// A fresh array of fresh objects from the transport: shortened in place, not copied.
		if (limit !== undefined && advertisers.length > limit) advertisers.length = limit;
		return advertisers;
	},
});
