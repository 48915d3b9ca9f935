import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { audienceTarget, optionsCollection } from '../../descriptions/common.descriptions';
import { readAudienceTarget } from '../../helpers/parameters';
import type { ItemExecute } from '../runner';
import { readShareLog } from './sharing';

const properties: INodeProperties[] = [...audienceTarget, optionsCollection()];

const displayOptions = { show: { resource: ['audience'], operation: ['getShareLog'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute: ItemExecute = async function (itemIndex, client) {
	const { advertiserId, audienceId } = readAudienceTarget(this, itemIndex);
	const log = await readShareLog(client, advertiserId, audienceId);
	return log.entries;
};
