import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { audienceTarget, optionsCollection } from '../../descriptions/common.descriptions';
import { readAudienceTarget } from '../../parameters';
import { perItem } from '../runner';
import { readShareLog } from './shareLog';

const properties: INodeProperties[] = [...audienceTarget, optionsCollection()];

const displayOptions = { show: { resource: ['audience'], operation: ['getShareLog'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute = perItem({
	read(itemIndex) {
		return readAudienceTarget(this, itemIndex);
	},
	run: async (target, client) => (await readShareLog(client, target)).entries,
});
