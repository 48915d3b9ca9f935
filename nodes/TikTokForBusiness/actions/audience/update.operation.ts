import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { CustomerFileSummary } from '../../customerFile/builder';
import {
	advertiserLocator,
	audienceLocator,
	optionsCollection,
} from '../../descriptions/common.descriptions';
import { checkAudienceName, readId } from '../../helpers/parameters';
import {
	updateAudience,
	type AudienceUpdateBody,
	type MembersAction,
	type TikTokClient,
} from '../../transport';
import { groupItemsBy, runPerGroup, runPerItem } from '../runner';
import { applyFilesToAudience, checkFileCount } from './members/apply';
import { memberOptions, membersSourceProperties } from './members/properties';
import { membersReport } from './members/report';
import { buildFromFile, buildFromItems } from './members/source';
import { uploadFiles } from './members/upload';

const CHANGES_MEMBERS = ['APPEND', 'REMOVE', 'REPLACE'];

const properties: INodeProperties[] = [
	advertiserLocator,
	audienceLocator,
	{
		displayName: 'Members',
		name: 'membersAction',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Add',
				value: 'APPEND',
				description: 'Add the uploaded people; people already in the audience stay',
			},
			{
				name: 'Keep As They Are',
				value: 'none',
				description: 'Only change the fields below',
			},
			{
				name: 'Remove',
				value: 'REMOVE',
				description: 'Remove the uploaded people from the audience',
			},
			{
				name: 'Replace',
				value: 'REPLACE',
				description: 'Make the audience exactly the uploaded people (a full sync)',
			},
		],
		default: 'APPEND',
		description:
			'How the uploaded people change the audience. TikTok refuses changes that leave fewer than 1,000 people.',
	},
	...membersSourceProperties({ membersAction: CHANGES_MEMBERS }),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Audience Enhancement',
				name: 'audienceEnhancement',
				type: 'boolean',
				default: false,
				description: 'Whether TikTok may expand the audience with similar users',
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'New name for the audience (up to 128 characters)',
			},
			{
				displayName: 'Use for Reach & Frequency',
				name: 'reachFrequency',
				type: 'boolean',
				default: false,
				description:
					'Whether to make the audience usable in Reach & Frequency ads (cannot be undone; not for lookalikes)',
			},
		],
	},
	optionsCollection(memberOptions),
];

const displayOptions = { show: { resource: ['audience'], operation: ['update'] } };

export const description = updateDisplayOptions(displayOptions, properties);

async function updateFields(
	context: IExecuteFunctions,
	client: TikTokClient,
	advertiserId: string,
	audienceId: string,
): Promise<string[]> {
	const itemIndex = client.itemIndex ?? 0;
	const fields = context.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const target = { advertiser_id: advertiserId, custom_audience_id: audienceId };
	const changed: string[] = [];

	const changes: Partial<AudienceUpdateBody> = {};
	if (typeof fields.name === 'string' && fields.name.trim() !== '') {
		changes.custom_audience_name = checkAudienceName(context, fields.name, itemIndex, 'new name');
		changed.push('name');
	}
	if (typeof fields.audienceEnhancement === 'boolean') {
		changes.audience_enhancement = fields.audienceEnhancement;
		changed.push('audienceEnhancement');
	}
	if (Object.keys(changes).length > 0) await updateAudience(client, { ...target, ...changes });
	// TikTok ignores every other change in a request that sets the sub type.
	if (fields.reachFrequency === true) {
		await updateAudience(client, { ...target, audience_sub_type: 'REACH_FREQUENCY' });
		changed.push('audienceSubType');
	}
	return changed;
}

async function changeAudience(
	context: IExecuteFunctions,
	client: TikTokClient,
	buildMembers: (() => Promise<CustomerFileSummary>) | undefined,
): Promise<IDataObject> {
	const itemIndex = client.itemIndex ?? 0;
	const advertiserId = readId(context, 'advertiserId', itemIndex, 'advertiser');
	const audienceId = readId(context, 'audienceId', itemIndex, 'audience');
	const action = context.getNodeParameter('membersAction', itemIndex) as string;

	const summary = buildMembers ? await buildMembers() : undefined;
	if (summary && summary.files.length === 0) {
		throw new NodeOperationError(context.getNode(), 'No valid identifiers to upload', {
			description: `All ${summary.rowsReceived} rows were dropped (${JSON.stringify(summary.droppedByReason)}). The audience was not changed.`,
			itemIndex,
		});
	}
	if (summary) checkFileCount(context, summary, itemIndex);
	const files = summary ? await uploadFiles(context, client, advertiserId, summary) : undefined;
	const changed = await updateFields(context, client, advertiserId, audienceId);
	if (!summary && changed.length === 0) {
		throw new NodeOperationError(context.getNode(), 'Nothing to update', {
			description: 'Choose how to change the members, or add a field under "Update Fields".',
			itemIndex,
		});
	}
	if (summary && files) {
		await applyFilesToAudience(client, advertiserId, audienceId, action as MembersAction, files);
	}
	return {
		audienceId,
		advertiserId,
		updatedFields: changed,
		...(summary && files ? { action, ...membersReport(summary, files) } : {}),
	};
}

export async function executeBatch(
	this: IExecuteFunctions,
	_items: INodeExecutionData[],
	client: TikTokClient,
): Promise<INodeExecutionData[]> {
	const action = this.getNodeParameter('membersAction', 0) as string;
	const changesMembers = CHANGES_MEMBERS.includes(action);
	const source = changesMembers ? (this.getNodeParameter('source', 0) as string) : undefined;
	if (source !== 'items') {
		return await runPerItem(this, client, async (itemIndex, itemClient) => {
			return await changeAudience(
				this,
				itemClient,
				source === 'file'
					? async () => await buildFromFile(this, itemIndex, 'audience')
					: undefined,
			);
		});
	}

	// All items that name the same advertiser and audience are uploaded together.
	const groups = groupItemsBy(this, ['advertiserId', 'audienceId'], (itemIndex) =>
		JSON.stringify([
			readId(this, 'advertiserId', itemIndex, 'advertiser'),
			readId(this, 'audienceId', itemIndex, 'audience'),
		]),
	);
	return await runPerGroup(
		this,
		client,
		groups,
		async (itemIndices, groupClient) =>
			await changeAudience(this, groupClient, async () =>
				buildFromItems(this, itemIndices, 'audience'),
			),
	);
}
