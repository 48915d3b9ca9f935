import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { audienceTarget, optionsCollection } from '../../descriptions/common.descriptions';
import type { ItemExecute } from '../runner';
import { adGroupIdsProperty, changeAdGroups } from './adGroups';

const properties: INodeProperties[] = [...audienceTarget, adGroupIdsProperty, optionsCollection()];

const displayOptions = { show: { resource: ['audience'], operation: ['disconnectFromAdGroups'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute: ItemExecute = async function (itemIndex, client) {
	const result = await changeAdGroups(this, client, itemIndex, 'Disconnect');
	return { disconnected: true, ...result };
};
