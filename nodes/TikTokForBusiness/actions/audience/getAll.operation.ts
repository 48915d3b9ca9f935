import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	advertiserLocator,
	optionsCollection,
	returnAllOrLimit,
} from '../../descriptions/common.descriptions';
import { simplifyAudience } from '../../helpers/audiences';
import { checkId, readId, readLimit, splitIds } from '../../helpers/parameters';
import { listAudiencePages, type AudienceListEntry } from '../../transport';
import type { ItemExecute } from '../runner';

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

export const execute: ItemExecute = async function (itemIndex, client) {
	const advertiserId = readId(this, 'advertiserId', itemIndex, 'advertiser');
	const limit = readLimit(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const audienceIds = splitIds(filters.audienceIds).map((id) =>
		checkId(this, id, 'audience', itemIndex),
	);
	const pages = listAudiencePages(client, { advertiserId, audienceIds }, limit);
	return simplify ? simplifiedPages(pages) : pages;
};

async function* simplifiedPages(pages: AsyncIterable<AudienceListEntry[]>) {
	for await (const page of pages) yield page.map(simplifyAudience);
}
