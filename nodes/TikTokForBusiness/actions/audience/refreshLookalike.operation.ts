import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	advertiserLocator,
	audienceLocator,
	optionsCollection,
} from '../../descriptions/common.descriptions';
import { readId } from '../../helpers/parameters';
import { tikTokApiRequest } from '../../transport';
import type { ItemResult } from '../router';

const properties: INodeProperties[] = [
	advertiserLocator,
	{
		...audienceLocator,
		displayName: 'Lookalike Audience',
		description: 'The lookalike audience to refresh',
	},
	optionsCollection(),
];

const displayOptions = { show: { resource: ['audience'], operation: ['refreshLookalike'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const advertiserId = readId(this, 'advertiserId', itemIndex, 'advertiser');
	const audienceId = readId(this, 'audienceId', itemIndex, 'audience');
	await tikTokApiRequest.call(this, {
		method: 'POST',
		endpoint: '/dmp/custom_audience/lookalike/update/',
		body: { advertiser_id: advertiserId, custom_audience_ids: [audienceId] },
		itemIndex,
		// A second refresh request only asks for the same refresh again.
		idempotent: true,
		aboutAudience: true,
	});
	return { refreshed: true, audienceId, advertiserId };
}
