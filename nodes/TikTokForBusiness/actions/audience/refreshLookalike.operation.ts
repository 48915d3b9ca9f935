import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	advertiserLocator,
	audienceLocator,
	optionsCollection,
} from '../../descriptions/common.descriptions';
import { readAudienceTarget } from '../../parameters';
import { refreshLookalikeAudiences } from '../../transport';
import { perItem } from '../runner';

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

export const execute = perItem({
	read(itemIndex) {
		return readAudienceTarget(this, itemIndex);
	},
	async run({ advertiserId, audienceId }, client) {
		await refreshLookalikeAudiences(client, { advertiserId, audienceIds: [audienceId] });
		return { refreshed: true, audienceId, advertiserId };
	},
	describeDone: ({ audienceId }) => `asked TikTok to refresh lookalike ${audienceId}`,
});
