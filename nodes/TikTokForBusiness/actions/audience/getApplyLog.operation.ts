import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	audienceTarget,
	optionsCollection,
	returnAllOrLimit,
} from '../../descriptions/common.descriptions';
import { readAudienceTarget, readLimit } from '../../parameters';
import { applyLogPages } from '../../transport';
import { perItem } from '../runner';

const properties: INodeProperties[] = [
	...audienceTarget,
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

export const execute = perItem({
	read(itemIndex) {
		const target = readAudienceTarget(this, itemIndex);
		const limit = readLimit(this, itemIndex);
		const timezone = String(this.getNodeParameter('options.timezone', itemIndex, '') ?? '').trim();
		return { ...target, limit, timezone };
	},
	run: async ({ limit, ...query }, client) => applyLogPages(client, query, limit),
});
