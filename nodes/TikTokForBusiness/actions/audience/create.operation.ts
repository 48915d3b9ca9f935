import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { advertiserLocator, optionsCollection } from '../../descriptions/common.descriptions';
import { readAudienceName, readId } from '../../helpers/parameters';
import type { TikTokClient } from '../../transport';
import { runPerGroup, runPerItem, groupItemsBy } from '../runner';
import { audienceNameProperty, createOptions, createWithMembers } from './members/create';
import { memberOptions, membersSourceProperties } from './members/properties';
import { buildFromFile, buildFromItems } from './members/source';

const properties: INodeProperties[] = [
	advertiserLocator,
	audienceNameProperty,
	...membersSourceProperties(),
	optionsCollection([...createOptions, ...memberOptions]),
];

const displayOptions = { show: { resource: ['audience'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function executeBatch(
	this: IExecuteFunctions,
	_items: INodeExecutionData[],
	client: TikTokClient,
): Promise<INodeExecutionData[]> {
	const source = this.getNodeParameter('source', 0) as string;
	if (source === 'file') {
		return await runPerItem(this, client, async (itemIndex, itemClient) => {
			const advertiserId = readId(this, 'advertiserId', itemIndex, 'advertiser');
			const name = readAudienceName(this, 'audienceName', itemIndex);
			return await createWithMembers(this, itemClient, advertiserId, name, async (uploads) =>
				buildFromFile(this, itemIndex, 'audience', uploads),
			);
		});
	}

	// All items that name the same advertiser and audience form one audience.
	const groups = groupItemsBy(this, ['advertiserId', 'audienceName'], (itemIndex) =>
		JSON.stringify([
			readId(this, 'advertiserId', itemIndex, 'advertiser'),
			readAudienceName(this, 'audienceName', itemIndex),
		]),
	);
	return await runPerGroup(this, client, groups, async (itemIndices, groupClient) => {
		const itemIndex = itemIndices[0];
		const advertiserId = readId(this, 'advertiserId', itemIndex, 'advertiser');
		const name = readAudienceName(this, 'audienceName', itemIndex);
		return await createWithMembers(this, groupClient, advertiserId, name, async (uploads) =>
			buildFromItems(this, itemIndices, 'audience', uploads),
		);
	});
}
