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
import { checkAudienceName, readAudienceTarget, readId } from '../../helpers/parameters';
import {
	getAudiences,
	updateAudience,
	type AudienceUpdateBody,
	type MembersAction,
	type TikTokClient,
} from '../../transport';
import { groupItemsBy, runPerGroup, runPerItem } from '../runner';
import { checkMembersFit, membersChange } from './members/apply';
import { memberOptions, membersSourceProperties } from './members/properties';
import { membersReport } from './members/report';
import { buildFromFile, buildFromItems } from './members/source';
import { MemberUploads } from './members/upload';

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

interface FieldChanges {
	/** Name and enhancement changes, as TikTok's update body carries them. */
	body: Pick<AudienceUpdateBody, 'custom_audience_name' | 'audience_enhancement'>;
	reachFrequency: boolean;
	/** What the output lists under updatedFields. */
	names: string[];
}

function readFieldChanges(context: IExecuteFunctions, itemIndex: number): FieldChanges {
	const fields = context.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const changes: FieldChanges = {
		body: {},
		reachFrequency: fields.reachFrequency === true,
		names: [],
	};
	if (typeof fields.name === 'string' && fields.name.trim() !== '') {
		changes.body.custom_audience_name = checkAudienceName(
			context,
			fields.name,
			itemIndex,
			'new name',
		);
		changes.names.push('name');
	}
	if (typeof fields.audienceEnhancement === 'boolean') {
		changes.body.audience_enhancement = fields.audienceEnhancement;
		changes.names.push('audienceEnhancement');
	}
	if (changes.reachFrequency) changes.names.push('audienceSubType');
	return changes;
}

async function changeAudience(
	context: IExecuteFunctions,
	client: TikTokClient,
	buildMembers: ((uploads: MemberUploads) => Promise<CustomerFileSummary>) | undefined,
): Promise<IDataObject> {
	const itemIndex = client.itemIndex ?? 0;
	const { advertiserId, audienceId } = readAudienceTarget(context, itemIndex);
	const action = context.getNodeParameter('membersAction', itemIndex) as MembersAction;
	const changes = readFieldChanges(context, itemIndex);
	if (!buildMembers && changes.names.length === 0) {
		throw new NodeOperationError(context.getNode(), 'Nothing to update', {
			description: 'Choose how to change the members, or add a field under "Update Fields".',
			itemIndex,
		});
	}

	// The audience's details, read at most once: its type before the first upload, its name when
	// a request needs one.
	let details: Promise<IDataObject> | undefined;
	const audience = async () =>
		await (details ??= getAudiences(client, advertiserId, [audienceId], 1).then(
			([entry]) => entry?.audience_details ?? {},
		));
	const uploads = new MemberUploads(context, client, [
		{
			advertiserId,
			beforeUpload: async (calculateType) =>
				checkMembersFit(context, await audience(), calculateType, itemIndex),
		},
	]);
	const summary = buildMembers ? await buildMembers(uploads) : undefined;
	if (summary && summary.rowsAccepted === 0) {
		throw new NodeOperationError(context.getNode(), 'No valid identifiers to upload', {
			description: `All ${summary.rowsReceived} rows were dropped (${JSON.stringify(summary.droppedByReason)}). The audience was not changed.`,
			itemIndex,
		});
	}
	const files = summary ? uploads.uploadedTo(advertiserId, summary) : undefined;

	// TikTok's update needs custom_audience_name or file_paths in every request
	// (dmp_custom_audience_update.yml): the name and enhancement go with the files, or with the
	// audience's name when they come alone.
	const target = { advertiser_id: advertiserId, custom_audience_id: audienceId };
	let name = changes.body.custom_audience_name;
	const nameForRequest = async () => (name ??= String((await audience()).name ?? ''));
	if (files) {
		await updateAudience(client, { ...target, ...changes.body, ...membersChange(files, action) });
	} else if (Object.keys(changes.body).length > 0) {
		await updateAudience(client, {
			...target,
			...changes.body,
			custom_audience_name: await nameForRequest(),
		});
	}
	// TikTok ignores every other change in a request that sets the sub type.
	if (changes.reachFrequency) {
		await updateAudience(client, {
			...target,
			custom_audience_name: await nameForRequest(),
			audience_sub_type: 'REACH_FREQUENCY',
		});
	}
	return {
		audienceId,
		advertiserId,
		updatedFields: changes.names,
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
					? async (uploads) => await buildFromFile(this, itemIndex, 'audience', uploads)
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
			await changeAudience(this, groupClient, async (uploads) =>
				buildFromItems(this, itemIndices, 'audience', uploads),
			),
	);
}
