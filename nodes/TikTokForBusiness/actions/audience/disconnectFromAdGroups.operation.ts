import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { audienceTarget, optionsCollection } from '../../descriptions/common.descriptions';
import type { Execute } from '../runner';
import { adGroupIdsProperty, changeAdGroups } from './applyToAdGroups.operation';

// Disconnecting is TikTok's apply request with action_mode Disconnect: the same batching.
const properties: INodeProperties[] = [...audienceTarget, adGroupIdsProperty, optionsCollection()];

const displayOptions = { show: { resource: ['audience'], operation: ['disconnectFromAdGroups'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute: Execute = async function (client) {
	return await changeAdGroups(this, client, 'Disconnect');
};
