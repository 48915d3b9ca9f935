import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	advertiserLocator,
	audienceLocator,
	optionsCollection,
} from '../../descriptions/common.descriptions';
import { readAudienceTarget } from '../../helpers/parameters';
import { refreshLookalikeAudiences } from '../../transport';
import type { ItemExecute } from '../runner';

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

export const execute: ItemExecute = async function (itemIndex, client) {
	const { advertiserId, audienceId } = readAudienceTarget(this, itemIndex);
	await refreshLookalikeAudiences(client, advertiserId, [audienceId]);
	return { refreshed: true, audienceId, advertiserId };
};
