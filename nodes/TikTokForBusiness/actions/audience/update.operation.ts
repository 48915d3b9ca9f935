import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { CustomerFileSummary } from '../../helpers/customerFile';
import {
	advertiserLocator,
	audienceLocator,
	optionsCollection,
} from '../../descriptions/common.descriptions';
import { readId } from '../../helpers/parameters';
import { getConnection, tikTokApiRequest, type Connection } from '../../transport';
import { forEachItem } from '../router';
import { forEachGroup, groupItemsBy } from '../batch';
import { applyFilesToAudience, type MembersAction } from './common';
import {
	buildFromFile,
	buildFromItems,
	memberOptions,
	membersReport,
	membersSourceProperties,
	uploadFiles,
} from './members';

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
	connection: Connection,
	advertiserId: string,
	audienceId: string,
	itemIndex: number,
): Promise<string[]> {
	const fields = context.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const target = { advertiser_id: advertiserId, custom_audience_id: audienceId };
	const changed: string[] = [];
	const send = async (body: IDataObject) =>
		await tikTokApiRequest.call(context, {
			method: 'POST',
			endpoint: '/dmp/custom_audience/update/',
			body: { ...target, ...body },
			itemIndex,
			connection,
			idempotent: true,
			aboutAudience: true,
		});

	const changes: IDataObject = {};
	if (typeof fields.name === 'string' && fields.name.trim() !== '') {
		const name = fields.name.trim();
		if (name.length > 128) {
			throw new NodeOperationError(
				context.getNode(),
				'The new name is longer than 128 characters',
				{
					description: 'Give the audience a name of 1 to 128 characters.',
					itemIndex,
				},
			);
		}
		changes.custom_audience_name = name;
		changed.push('name');
	}
	if (typeof fields.audienceEnhancement === 'boolean') {
		changes.audience_enhancement = fields.audienceEnhancement;
		changed.push('audienceEnhancement');
	}
	if (Object.keys(changes).length > 0) await send(changes);
	// TikTok ignores every other change in a request that sets the sub type.
	if (fields.reachFrequency === true) {
		await send({ audience_sub_type: 'REACH_FREQUENCY' });
		changed.push('audienceSubType');
	}
	return changed;
}

async function updateAudience(
	context: IExecuteFunctions,
	itemIndex: number,
	buildMembers: (() => Promise<CustomerFileSummary>) | undefined,
): Promise<IDataObject> {
	const connection = await getConnection.call(context, itemIndex);
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
	const files = summary
		? await uploadFiles(context, connection, advertiserId, summary, itemIndex)
		: undefined;
	const changed = await updateFields(context, connection, advertiserId, audienceId, itemIndex);
	if (!summary && changed.length === 0) {
		throw new NodeOperationError(context.getNode(), 'Nothing to update', {
			description: 'Choose how to change the members, or add a field under "Update Fields".',
			itemIndex,
		});
	}
	if (summary && files) {
		await applyFilesToAudience(
			context,
			connection,
			advertiserId,
			audienceId,
			action as MembersAction,
			files,
			itemIndex,
		);
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
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const action = this.getNodeParameter('membersAction', 0) as string;
	const changesMembers = CHANGES_MEMBERS.includes(action);
	const source = changesMembers ? (this.getNodeParameter('source', 0) as string) : undefined;
	if (source !== 'items') {
		return await forEachItem.call(this, items, async function (itemIndex) {
			return await updateAudience(
				this,
				itemIndex,
				source === 'file'
					? async () => await buildFromFile(this, itemIndex, 'audience')
					: undefined,
			);
		});
	}

	// All items that name the same advertiser and audience are uploaded together.
	const groups = groupItemsBy(this, items.length, ['advertiserId', 'audienceId'], (itemIndex) =>
		JSON.stringify([
			readId(this, 'advertiserId', itemIndex, 'advertiser'),
			readId(this, 'audienceId', itemIndex, 'audience'),
		]),
	);
	return await forEachGroup(
		this,
		groups.values(),
		async (itemIndices) =>
			await updateAudience(this, itemIndices[0], async () =>
				buildFromItems(this, itemIndices, 'audience'),
			),
	);
}
