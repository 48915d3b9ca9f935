import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import {
	advertiserLocator,
	audienceLocator,
	optionsCollection,
} from '../../descriptions/common.descriptions';
import { simplifyAudience } from '../../helpers/audiences';
import { readId } from '../../helpers/parameters';
import { tikTokApiRequest } from '../../transport';
import type { ItemResult } from '../router';

const properties: INodeProperties[] = [
	advertiserLocator,
	audienceLocator,
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to return only key fields (ID, name, type, size, validity, expiry) and the history, instead of every field',
	},
	optionsCollection([
		{
			displayName: 'History Size',
			name: 'historySize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: 100,
			description: 'How many of the latest changes to the audience to return',
		},
	]),
];

const displayOptions = { show: { resource: ['audience'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const advertiserId = readId(this, 'advertiserId', itemIndex, 'advertiser');
	const audienceId = readId(this, 'audienceId', itemIndex, 'audience');
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const data = await tikTokApiRequest.call(this, {
		method: 'GET',
		endpoint: '/dmp/custom_audience/get/',
		qs: {
			advertiser_id: advertiserId,
			custom_audience_ids: [audienceId],
			history_size: options.historySize ?? 100,
		},
		itemIndex,
		aboutAudience: true,
	});
	const entry = ((data.list as IDataObject[] | undefined) ?? [])[0];
	if (!entry) {
		throw new NodeApiError(
			this.getNode(),
			{ audience_id: audienceId },
			{
				message: `TikTok returned no audience with ID ${audienceId}`,
				description:
					'Check that the audience belongs to, or is shared with, the selected advertiser.',
				itemIndex,
			},
		);
	}
	const details = (entry.audience_details as IDataObject | undefined) ?? {};
	const history = (entry.audience_history as IDataObject[] | undefined) ?? [];
	return { ...(simplify ? simplifyAudience(details) : details), history };
}
