import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	advertiserLocator,
	optionsCollection,
	returnAllOrLimit,
} from '../../descriptions/common.descriptions';
import { checkIdList, readId, readLimit } from '../../parameters';
import { simplifyAudience } from '../../summaries/audience';
import { AUDIENCE_LIMITS, listAudiencePages, type AudienceListEntry } from '../../transport';
import { perItem } from '../runner';

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

export const execute = perItem({
	read(itemIndex) {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		return {
			advertiserId: readId(this, 'advertiserId', itemIndex, 'advertiser'),
			limit: readLimit(this, itemIndex),
			simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean,
			audienceIds: checkIdList(
				this,
				filters.audienceIds,
				{ label: 'audience', min: 0, max: AUDIENCE_LIMITS.idsPerRequest },
				itemIndex,
			),
		};
	},
	async run({ advertiserId, audienceIds, limit, simplify }, client) {
		const pages = listAudiencePages(client, { advertiserId, audienceIds }, limit);
		return simplify ? simplifiedPages(pages) : pages;
	},
});

async function* simplifiedPages(pages: AsyncIterable<AudienceListEntry[]>) {
	for await (const page of pages) yield page.map(simplifyAudience);
}
