import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { audienceTarget, optionsCollection } from '../../descriptions/common.descriptions';
import { readAudienceTarget, readOptionalNumber } from '../../parameters';
import { audienceStatus, simplifyAudience } from '../../summaries/audience';
import { AUDIENCE_LIMITS, getAudiences } from '../../transport';
import { eachItem, runJobs, type Execute } from '../runner';
import { audienceNotFound } from './notFound';
import {
	checkReady,
	readiness,
	readinessOptions,
	readReadinessOptions,
	type Readiness,
	type ReadinessWait,
} from './readiness';

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
			typeOptions: { minValue: 1, maxValue: AUDIENCE_LIMITS.historySize.max },
			default: 100,
			description: 'How many of the latest changes to the audience to return',
		},
		...readinessOptions,
	]),
];

const displayOptions = { show: { resource: ['audience'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface AudienceRead {
	itemIndex: number;
	advertiserId: string;
	audienceId: string;
	simplify: boolean;
	historySize: number;
	wait: ReadinessWait;
}

function readJob(context: IExecuteFunctions, itemIndex: number): AudienceRead {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const { min, max } = AUDIENCE_LIMITS.historySize;
	return {
		itemIndex,
		...readAudienceTarget(context, itemIndex),
		simplify: context.getNodeParameter('simplify', itemIndex, true) as boolean,
		historySize: readOptionalNumber(
			context,
			options,
			'historySize',
			{ label: 'History Size', min, max, integer: true, fallback: max },
			itemIndex,
		),
		wait: readReadinessOptions(context, options, itemIndex),
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

const waits = ({ wait }: AudienceRead) => wait.waitMs > 0 || wait.failIfNotReady;

/**
 * Reads up to 100 audiences of an advertiser per request; an item that waits for readiness, or
 * fails when its audience is not ready, is read on its own.
 */
export const execute: Execute = async function (client) {
	const node = this.getNode();
	return await runJobs(this, client, {
		jobs: eachItem(this, (itemIndex) => readJob(this, itemIndex)),
		mergeKey: (job) =>
			waits(job) ? ['alone', job.itemIndex] : [job.advertiserId, job.historySize, job.simplify],
		unitOf: ({ audienceId }) => audienceId,
		maxPerRequest: AUDIENCE_LIMITS.idsPerRequest,
		send: async (jobs, requestClient) => {
			const [first] = jobs;
			if (waits(first.value)) {
				const { wait, simplify, audienceId } = first.value;
				const ready = await readiness(requestClient, node, first.value, wait);
				if (wait.failIfNotReady) checkReady(node, audienceId, ready);
				return [outputOf(ready, simplify, wait.waitMs > 0)];
			}
			const { advertiserId, historySize, simplify } = first.value;
			const audienceIds = [...new Set(jobs.map(({ value }) => value.audienceId))];
			const byId = new Map<string, IDataObject>();
			for (const entry of await getAudiences(requestClient, {
				advertiserId,
				audienceIds,
				historySize,
			})) {
				const details = entry.audience_details ?? {};
				const { status, message } = audienceStatus(details);
				const ready = {
					status,
					statusMessage: message,
					details,
					history: entry.audience_history ?? [],
					waitedSeconds: 0,
				};
				byId.set(String(details.audience_id), outputOf(ready, simplify, false));
			}
			return jobs.map(
				({ value }) => byId.get(value.audienceId) ?? audienceNotFound(node, value.audienceId),
			);
		},
	});
};
