import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { audienceTarget, optionsCollection } from '../../descriptions/common.descriptions';
import { readAudienceTarget } from '../../helpers/parameters';
import { cancelAudienceSharing } from '../../transport';
import type { ItemExecute } from '../runner';
import { readAdvertiserIdList, readShareLog } from './sharing';

const properties: INodeProperties[] = [
	...audienceTarget,
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

export const execute: ItemExecute = async function (itemIndex, client) {
	const { advertiserId, audienceId } = readAudienceTarget(this, itemIndex);
	const sharedAdvertiserIds = readAdvertiserIdList(this, 'sharedAdvertiserIds', itemIndex, 100);
	// TikTok stops sharing with one advertiser per request.
	for (const sharedAdvertiserId of sharedAdvertiserIds) {
		await cancelAudienceSharing(
			client,
			{
				advertiser_id: advertiserId,
				custom_audience_id: audienceId,
				shared_advertiser_id: sharedAdvertiserId,
			},
			async () => {
				const log = await readShareLog(client, advertiserId, audienceId);
				return log.sharedWith.has(sharedAdvertiserId) ? undefined : { cancelled: true };
			},
		);
	}
	return { sharingCancelled: true, audienceId, advertiserId, sharedAdvertiserIds };
};
