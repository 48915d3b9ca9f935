import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { advertiserLocator, optionsCollection } from '../../descriptions/common.descriptions';
import { readAudienceName, readId, readIdList } from '../../parameters';
import type { MembersAction } from '../../transport';
import { isFixedParameter, runJobs, type Execute, type ReadJob } from '../runner';
import {
	audienceNameProperty,
	createOptions,
	readNewAudienceSettings,
} from './members/newAudience';
import { memberOptions, membersSourceProperties, readMemberSettings } from './members/properties';
import type { MembersSource } from './members/report';
import { readinessOptions, readReadinessOptions } from './readiness';
import { syncTargets, type SyncTarget } from './syncTargets';

const properties: INodeProperties[] = [
	{
		...advertiserLocator,
		description: 'The ad account to sync the audience in',
	},
	{
		displayName: 'Also Sync To Advertiser IDs',
		name: 'additionalAdvertiserIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 7012345678901234567, 7012345678901234568',
		description:
			'More ad accounts that get the same audience, separated by commas. Each audience gets every item that names its ad account; members are hashed once and uploaded to each, and each ad account gets its own output item.',
	},
	{
		...audienceNameProperty,
		description:
			'The audience is found by this exact name among the customer-file audiences the ad account owns. If there is none it is created (Remove Members never creates); if several have it, the node fails and lists them.',
	},
	...membersSourceProperties(),
	{
		displayName: 'If It Exists',
		name: 'membersAction',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Replace Members',
				value: 'REPLACE',
				description: 'The audience becomes exactly these people: a full sync, safe to re-run',
			},
			{
				name: 'Add Members',
				value: 'APPEND',
				description: 'Add these people; people already in the audience stay',
			},
			{
				name: 'Remove Members',
				value: 'REMOVE',
				description: 'Remove these people from the audience',
			},
		],
		default: 'REPLACE',
		description: 'How the members change an audience that already exists',
	},
	optionsCollection([...createOptions, ...memberOptions, ...readinessOptions]),
];

const displayOptions = { show: { resource: ['audience'], operation: ['upsert'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** The audiences one item names: its name in each of its ad accounts, with its settings. */
function readTargets(context: IExecuteFunctions, itemIndex: number): SyncTarget[] {
	const first = readId(context, 'advertiserId', itemIndex, 'advertiser');
	const more = readIdList(context, 'additionalAdvertiserIds', itemIndex, {
		label: 'advertiser',
		min: 0,
	});
	const name = readAudienceName(context, 'audienceName', itemIndex);
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	// Read before anything is sent, so that a bad value fails the item before any change.
	readMemberSettings(context, itemIndex);
	const newAudience = readNewAudienceSettings(context, itemIndex);
	const wait = readReadinessOptions(context, options, itemIndex);
	return [...new Set([first, ...more])].map((advertiserId) => ({
		advertiserId,
		name,
		newAudience,
		wait,
	}));
}

const TARGET_PARAMETERS = ['advertiserId', 'additionalAdvertiserIds', 'audienceName', 'options'];

/**
 * The unit of a sync is the target (ad account, name): it gets every item that names it, in
 * whatever order or subset of ad accounts the item lists them. An item whose parameters cannot
 * be read fails alone and adds no one.
 */
function targetJobs(context: IExecuteFunctions): Array<ReadJob<SyncTarget>> {
	const itemCount = context.getInputData().length;
	const allItems = Array.from({ length: itemCount }, (_, itemIndex) => itemIndex);
	const fixed = TARGET_PARAMETERS.every((name) => isFixedParameter(context, name));
	const jobs: Array<ReadJob<SyncTarget>> = [];
	const byTarget = new Map<string, { itemIndices: number[]; value: SyncTarget }>();
	for (const itemIndex of fixed ? allItems.slice(0, 1) : allItems) {
		let targets: SyncTarget[];
		try {
			targets = readTargets(context, itemIndex);
		} catch (error) {
			jobs.push({ itemIndices: fixed ? allItems : [itemIndex], error: error as Error });
			continue;
		}
		for (const target of targets) {
			const key = JSON.stringify([target.advertiserId, target.name]);
			const known = byTarget.get(key);
			if (known) {
				known.itemIndices.push(itemIndex);
				continue;
			}
			const job = { itemIndices: fixed ? allItems : [itemIndex], value: target };
			byTarget.set(key, job);
			jobs.push(job);
		}
	}
	return jobs;
}

/**
 * Creates or updates each target's audience. Targets with the same items (the usual case: every
 * item names the same ad accounts) share one build of the members, uploaded to each.
 */
export const execute: Execute = async function (client) {
	const source = this.getNodeParameter('source', 0) as MembersSource;
	const action = this.getNodeParameter('membersAction', 0) as MembersAction;
	const continueOnFail = this.continueOnFail();
	return await runJobs(this, client, {
		jobs: targetJobs(this),
		// Targets with the same items are one list of members, built once.
		mergeKey: (target, itemIndices) => [target.name, itemIndices],
		alwaysTogether: true,
		send: async (jobs, requestClient) =>
			await syncTargets(this, requestClient, jobs, { source, action, continueOnFail }),
		describeDone: ({ advertiserId, name }, output) =>
			`${String(output?.operation)} audience "${name}" (${String(output?.audienceId)}) in ad account ${advertiserId}`,
		errorDetails: ({ advertiserId }) => ({ advertiserId }),
	});
};
