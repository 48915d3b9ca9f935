import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { audienceTarget, optionsCollection } from '../../descriptions/common.descriptions';
import { simplifyAudience } from '../../helpers/audiences';
import { readAudienceTarget } from '../../helpers/parameters';
import { getAudiences } from '../../transport';
import type { ItemExecute } from '../runner';

const properties: INodeProperties[] = [
	...audienceTarget,
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

export const execute: ItemExecute = async function (itemIndex, client) {
	const { advertiserId, audienceId } = readAudienceTarget(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const [entry] = await getAudiences(
		client,
		advertiserId,
		[audienceId],
		(options.historySize as number | undefined) ?? 100,
	);
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
	const details = entry.audience_details ?? {};
	const history = entry.audience_history ?? [];
	return { ...(simplify ? simplifyAudience(details) : details), history };
};
