import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	advertiserLocator,
	audienceLocator,
	optionsCollection,
	returnAllOrLimit,
} from '../../descriptions/common.descriptions';
import { readId } from '../../helpers/parameters';
import { tikTokApiRequestAllItems } from '../../transport';
import type { ItemResult } from '../router';

const properties: INodeProperties[] = [
	advertiserLocator,
	audienceLocator,
	...returnAllOrLimit,
	optionsCollection([
		{
			displayName: 'Time Zone',
			name: 'timezone',
			type: 'string',
			default: '',
			placeholder: 'e.g. Europe/Berlin',
			description: 'Time zone of the returned times (TikTok uses UTC when empty)',
		},
	]),
];

const displayOptions = { show: { resource: ['audience'], operation: ['getApplyLog'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const advertiserId = readId(this, 'advertiserId', itemIndex, 'advertiser');
	const audienceId = readId(this, 'audienceId', itemIndex, 'audience');
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const timezone = String(
		(this.getNodeParameter('options.timezone', itemIndex, '') as string) ?? '',
	).trim();
	return await tikTokApiRequestAllItems.call(
		this,
		{
			method: 'GET',
			endpoint: '/dmp/custom_audience/apply/log/',
			qs: {
				advertiser_id: advertiserId,
				custom_audience_ids: [audienceId],
				...(timezone !== '' ? { timezone } : {}),
			},
			itemIndex,
			aboutAudience: true,
		},
		{ limit },
	);
}
