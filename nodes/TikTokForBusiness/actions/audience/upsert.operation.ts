import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { CustomerFileSummary } from '../../customerFile/builder';
import { advertiserLocator, optionsCollection } from '../../descriptions/common.descriptions';
import { checkId, readAudienceName, readId, splitIds } from '../../helpers/parameters';
import {
	listAudiences,
	updateAudience,
	type AudienceListEntry,
	type MembersAction,
	type TikTokClient,
} from '../../transport';
import { errorJson, groupItemsBy, withItemIndex } from '../runner';
import { checkMembersFit, membersChange } from './members/apply';
import { audienceNameProperty, createFromUploads, createOptions } from './members/create';
import { memberOptions, membersSourceProperties } from './members/properties';
import { membersReport } from './members/report';
import { buildFromFile, buildFromItems } from './members/source';
import { MemberUploads, type UploadTarget } from './members/upload';
import { reconcileCreate } from './reconcile';
import { checkReady, readiness, readinessOptions, readReadinessOptions } from './readiness';

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
			'More ad accounts that get the same audience, separated by commas. The members are hashed once and uploaded to each; each ad account gets its own output item.',
	},
	{
		...audienceNameProperty,
		description:
			'The audience is found by this exact name. If there is none it is created; if several have it, the node fails and lists them.',
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

function readAdvertisers(context: IExecuteFunctions, itemIndex: number): string[] {
	const first = readId(context, 'advertiserId', itemIndex, 'advertiser');
	const more = splitIds(context.getNodeParameter('additionalAdvertiserIds', itemIndex, '')).map(
		(id) => checkId(context, id, 'advertiser', itemIndex),
	);
	return [...new Set([first, ...more])];
}

/** The audiences named `name` in one ad account; more than one fails, listing them. */
async function findNamesakes(
	context: IExecuteFunctions,
	client: TikTokClient,
	advertiserId: string,
	name: string,
): Promise<AudienceListEntry[]> {
	const namesakes = (await listAudiences(client, { advertiserId })).filter(
		(audience) => audience.name === name,
	);
	if (namesakes.length > 1) {
		const ids = namesakes.map((audience) => String(audience.audience_id));
		throw new NodeOperationError(
			context.getNode(),
			`${namesakes.length} audiences are named "${name}" in ad account ${advertiserId}`,
			{
				description: `Audience IDs: ${ids.join(', ')}. Rename or delete all but one, or use Update with the audience's ID; the node does not guess.`,
				itemIndex: client.itemIndex ?? 0,
			},
		);
	}
	return namesakes;
}

/**
 * Where the members go: each ad account's audience is looked up, and its type checked, before
 * the first file is uploaded there.
 */
function uploadTargets(
	context: IExecuteFunctions,
	client: TikTokClient,
	advertisers: string[],
	name: string,
	found: Map<string, AudienceListEntry[]>,
): UploadTarget[] {
	const itemIndex = client.itemIndex ?? 0;
	return advertisers.map((advertiserId) => ({
		advertiserId,
		beforeUpload: async (calculateType) => {
			const namesakes = await findNamesakes(context, client, advertiserId, name);
			found.set(advertiserId, namesakes);
			if (namesakes.length === 1) {
				checkMembersFit(context, namesakes[0], calculateType, itemIndex);
			}
		},
	}));
}

/** Creates or updates the audience of that name in one ad account with the uploaded files. */
async function syncOne(
	context: IExecuteFunctions,
	client: TikTokClient,
	advertiserId: string,
	name: string,
	summary: CustomerFileSummary,
	uploads: MemberUploads,
	known: AudienceListEntry[] | undefined,
): Promise<IDataObject> {
	const itemIndex = client.itemIndex ?? 0;
	const files = uploads.uploadedTo(advertiserId, summary);
	const namesakes = known ?? (await findNamesakes(context, client, advertiserId, name));
	let result: IDataObject;
	if (namesakes.length === 0) {
		const created = await createFromUploads(
			context,
			client,
			advertiserId,
			name,
			summary,
			uploads,
			// None of that name before: a lost create reply is reconciled against an empty list.
			async () =>
				await reconcileCreate(
					client,
					context.getNode(),
					advertiserId,
					name,
					(audience) => audience.calculate_type === summary.calculateType,
					[],
				),
		);
		result = { operation: 'created', ...created };
	} else {
		const audienceId = String(namesakes[0].audience_id);
		const action = context.getNodeParameter('membersAction', itemIndex) as MembersAction;
		checkMembersFit(context, namesakes[0], summary.calculateType, itemIndex);
		await updateAudience(client, {
			advertiser_id: advertiserId,
			custom_audience_id: audienceId,
			...membersChange(files, action),
		});
		result = {
			operation: 'updated',
			audienceId,
			audienceName: name,
			advertiserId,
			action,
			...membersReport(summary, files),
		};
	}
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const wait = readReadinessOptions(options);
	const ready = await readiness(client, advertiserId, String(result.audienceId), wait);
	if (wait.failIfNotReady) checkReady(client, String(result.audienceId), ready);
	return {
		...result,
		status: ready.status,
		statusMessage: ready.statusMessage,
		...(wait.waitMs > 0 ? { waitedSeconds: ready.waitedSeconds } : {}),
	};
}

/**
 * Creates or updates one audience per group of items (the same advertisers and name) in every
 * ad account the group names: the members are read and hashed once, then uploaded to each.
 */
export async function executeBatch(
	this: IExecuteFunctions,
	_items: INodeExecutionData[],
	client: TikTokClient,
): Promise<INodeExecutionData[]> {
	const source = this.getNodeParameter('source', 0) as string;
	const groups =
		source === 'file'
			? this.getInputData().map((_, itemIndex) => [itemIndex])
			: groupItemsBy(
					this,
					['advertiserId', 'additionalAdvertiserIds', 'audienceName'],
					(itemIndex) =>
						JSON.stringify([
							readAdvertisers(this, itemIndex),
							readAudienceName(this, 'audienceName', itemIndex),
						]),
				);
	const output: INodeExecutionData[] = [];
	for (const itemIndices of groups) {
		const itemIndex = itemIndices[0];
		const pairedItem = itemIndices.map((item) => ({ item }));
		const groupClient = client.forItem(itemIndex);
		const fail = (error: Error, advertiserId?: string) => {
			if (!this.continueOnFail()) throw withItemIndex(this, error, itemIndex);
			output.push({
				json: { ...errorJson(error), ...(advertiserId ? { advertiserId } : {}) },
				pairedItem,
			});
		};
		let advertisers: string[];
		let summary: CustomerFileSummary;
		let uploads: MemberUploads;
		let name: string;
		const found = new Map<string, AudienceListEntry[]>();
		try {
			advertisers = readAdvertisers(this, itemIndex);
			name = readAudienceName(this, 'audienceName', itemIndex);
			uploads = new MemberUploads(
				this,
				groupClient,
				uploadTargets(this, groupClient, advertisers, name, found),
			);
			summary =
				source === 'file'
					? await buildFromFile(this, itemIndex, 'audience', uploads)
					: await buildFromItems(this, itemIndices, 'audience', uploads);
		} catch (error) {
			fail(error);
			continue;
		}
		// One ad account failing leaves the others to run; each reports for itself.
		for (const advertiserId of advertisers) {
			try {
				const json = await syncOne(
					this,
					groupClient,
					advertiserId,
					name,
					summary,
					uploads,
					found.get(advertiserId),
				);
				output.push({ json, pairedItem });
			} catch (error) {
				fail(error, advertiserId);
			}
		}
	}
	return output;
}
