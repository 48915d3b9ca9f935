import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	advertiserLocator,
	audienceLocator,
	optionsCollection,
} from '../../descriptions/common.descriptions';
import { readId } from '../../helpers/parameters';
import { getConnection, tikTokApiRequest } from '../../transport';
import type { ItemResult } from '../router';
import { readAdvertiserIdList } from './share.operation';
import { readShareLog } from './sharing';

const properties: INodeProperties[] = [
	advertiserLocator,
	audienceLocator,
	{
		displayName: 'Stop Sharing With Advertiser IDs',
		name: 'sharedAdvertiserIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 7012345678901234567',
		description: 'Ad accounts that should no longer see the audience (separated by commas)',
	},
	optionsCollection(),
];

const displayOptions = { show: { resource: ['audience'], operation: ['cancelShare'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const connection = await getConnection.call(this, itemIndex);
	const advertiserId = readId(this, 'advertiserId', itemIndex, 'advertiser');
	const audienceId = readId(this, 'audienceId', itemIndex, 'audience');
	const sharedAdvertiserIds = readAdvertiserIdList(this, 'sharedAdvertiserIds', itemIndex, 100);
	// TikTok stops sharing with one advertiser per request.
	for (const sharedAdvertiserId of sharedAdvertiserIds) {
		await tikTokApiRequest.call(this, {
			method: 'POST',
			endpoint: '/dmp/custom_audience/share/cancel/',
			body: {
				advertiser_id: advertiserId,
				custom_audience_id: audienceId,
				shared_advertiser_id: sharedAdvertiserId,
			},
			itemIndex,
			connection,
			idempotent: false,
			aboutAudience: true,
			reconcile: async () => {
				const log = await readShareLog(this, connection, advertiserId, audienceId, itemIndex);
				return log.sharedWith.has(sharedAdvertiserId)
					? undefined
					: ({ cancelled: true } as IDataObject);
			},
		});
	}
	return { sharingCancelled: true, audienceId, advertiserId, sharedAdvertiserIds };
}
