import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { audienceTarget, optionsCollection } from '../../descriptions/common.descriptions';
import { readAudienceTarget } from '../../helpers/parameters';
import { shareAudiences } from '../../transport';
import type { ItemExecute } from '../runner';
import { readAdvertiserIdList, readShareLog } from './sharing';

const MAX_SHARED_ADVERTISERS = 10;

const properties: INodeProperties[] = [
	...audienceTarget,
	{
		displayName: 'Share With Advertiser IDs',
		name: 'sharedAdvertiserIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 7012345678901234567, 7012345678901234568',
		description:
			'Ad accounts to share the audience with (1 to 10 IDs, separated by commas). They must be in the same Business Center as the selected advertiser.',
	},
	optionsCollection(),
];

const displayOptions = { show: { resource: ['audience'], operation: ['share'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute: ItemExecute = async function (itemIndex, client) {
	const { advertiserId, audienceId } = readAudienceTarget(this, itemIndex);
	const sharedAdvertiserIds = readAdvertiserIdList(
		this,
		'sharedAdvertiserIds',
		itemIndex,
		MAX_SHARED_ADVERTISERS,
	);
	await shareAudiences(
		client,
		{
			advertiser_id: advertiserId,
			custom_audience_ids: [audienceId],
			shared_advertiser_ids: sharedAdvertiserIds,
		},
		async () => {
			const log = await readShareLog(client, advertiserId, audienceId);
			const shared = sharedAdvertiserIds.every((id) => log.sharedWith.has(id));
			return shared ? { shared: true } : undefined;
		},
	);
	return { shared: true, audienceId, advertiserId, sharedAdvertiserIds };
};
