import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	advertiserLocator,
	optionsCollection,
	returnAllOrLimit,
} from '../../descriptions/common.descriptions';
import { simplifyAudience } from '../../helpers/audiences';
import { checkId, readId, splitIds } from '../../helpers/parameters';
import { tikTokApiRequestAllItems } from '../../transport';
import type { ItemResult } from '../router';

const properties: INodeProperties[] = [
	advertiserLocator,
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Audience IDs',
				name: 'audienceIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 7123456789012345678, 7123456789012345679',
				description: 'Only these audiences (up to 100 IDs, separated by commas)',
			},
		],
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to return only key fields (ID, name, type, size, validity, expiry) instead of every field',
	},
	optionsCollection(),
];

const displayOptions = { show: { resource: ['audience'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const advertiserId = readId(this, 'advertiserId', itemIndex, 'advertiser');
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const audienceIds = splitIds(filters.audienceIds).map((id) =>
		checkId(this, id, 'audience', itemIndex),
	);
	const qs: IDataObject = { advertiser_id: advertiserId };
	if (audienceIds.length > 0) qs.custom_audience_ids = audienceIds;
	const audiences = await tikTokApiRequestAllItems.call(
		this,
		{ method: 'GET', endpoint: '/dmp/custom_audience/list/', qs, itemIndex, aboutAudience: true },
		{ limit },
	);
	return simplify ? audiences.map(simplifyAudience) : audiences;
}
