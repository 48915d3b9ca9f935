import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { audienceTarget, optionsCollection } from '../../descriptions/common.descriptions';
import { simplifyAudience } from '../../helpers/audiences';
import { readAudienceTarget } from '../../helpers/parameters';
import type { ItemExecute } from '../runner';
import { checkReady, readiness, readinessOptions, readReadinessOptions } from './readiness';

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
		...readinessOptions,
	]),
];

const displayOptions = { show: { resource: ['audience'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute: ItemExecute = async function (itemIndex, client) {
	const { advertiserId, audienceId } = readAudienceTarget(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const wait = readReadinessOptions(options);
	const ready = await readiness(client, advertiserId, audienceId, {
		...wait,
		historySize: (options.historySize as number | undefined) ?? 100,
	});
	if (wait.failIfNotReady) checkReady(client, audienceId, ready);
	return {
		...(simplify ? simplifyAudience(ready.details) : ready.details),
		status: ready.status,
		statusMessage: ready.statusMessage,
		...(wait.waitMs > 0 ? { waitedSeconds: ready.waitedSeconds } : {}),
		history: ready.history,
	};
};
