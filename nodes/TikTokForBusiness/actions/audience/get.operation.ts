import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { audienceTarget, optionsCollection } from '../../descriptions/common.descriptions';
import { audienceStatus, simplifyAudience } from '../../helpers/audiences';
import { readAudienceTarget } from '../../helpers/parameters';
import { requestInChunks } from '../../helpers/chunks';
import { getAudiences, type TikTokClient } from '../../transport';
import { runBatchedById, runPerItem, type ItemExecute } from '../runner';
import {
	audienceNotFound,
	checkReady,
	readiness,
	readinessOptions,
	readReadinessOptions,
	type Readiness,
} from './readiness';

const MAX_IDS_PER_REQUEST = 100;

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

function readSettings(context: IExecuteFunctions, itemIndex: number) {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		simplify: context.getNodeParameter('simplify', itemIndex, true) as boolean,
		historySize: (options.historySize as number | undefined) ?? 100,
		wait: readReadinessOptions(options),
	};
}

function outputOf(ready: Readiness, simplify: boolean, waited: boolean): IDataObject {
	return {
		...(simplify ? simplifyAudience(ready.details) : ready.details),
		status: ready.status,
		statusMessage: ready.statusMessage,
		...(waited ? { waitedSeconds: ready.waitedSeconds } : {}),
		history: ready.history,
	};
}

const getOne: ItemExecute = async function (itemIndex, client) {
	const { advertiserId, audienceId } = readAudienceTarget(this, itemIndex);
	const { simplify, historySize, wait } = readSettings(this, itemIndex);
	const ready = await readiness(client, advertiserId, audienceId, { ...wait, historySize });
	if (wait.failIfNotReady) checkReady(client, audienceId, ready);
	return outputOf(ready, simplify, wait.waitMs > 0);
};

/**
 * Reads up to 100 audiences per request; items that wait for readiness, or fail when an
 * audience is not ready, are read one by one.
 */
export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: TikTokClient,
): Promise<INodeExecutionData[]> {
	const waits = items.some((_, itemIndex) => {
		const { wait } = readSettings(this, itemIndex);
		return wait.waitMs > 0 || wait.failIfNotReady;
	});
	if (waits) {
		return await runPerItem(this, client, async (itemIndex, itemClient) =>
			getOne.call(this, itemIndex, itemClient),
		);
	}
	return await runBatchedById(
		this,
		client,
		(itemIndex) => {
			const { advertiserId, audienceId } = readAudienceTarget(this, itemIndex);
			const { simplify, historySize } = readSettings(this, itemIndex);
			return { groupKey: JSON.stringify([advertiserId, historySize, simplify]), id: audienceId };
		},
		async (groupKey, ids, groupClient) => {
			const [advertiserId, historySize, simplify] = JSON.parse(groupKey) as [
				string,
				number,
				boolean,
			];
			return await requestInChunks(ids, MAX_IDS_PER_REQUEST, async (part) => {
				const byId = new Map<string, IDataObject>();
				for (const entry of await getAudiences(groupClient, advertiserId, part, historySize)) {
					const details = entry.audience_details ?? {};
					const { status, message } = audienceStatus(details);
					const ready: Readiness = {
						status,
						statusMessage: message,
						details,
						history: entry.audience_history ?? [],
						waitedSeconds: 0,
					};
					byId.set(String(details.audience_id), outputOf(ready, simplify, false));
				}
				return byId;
			});
		},
		(_job, output) => output,
		(job, itemIndex) => audienceNotFound(this.getNode(), job.id, itemIndex),
	);
}
