import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { CustomerFileSummary } from '../../customerFile';
import {
	advertiserLocator,
	audienceLocator,
	optionsCollection,
} from '../../descriptions/common.descriptions';
import { checkAudienceName, readAudienceTarget } from '../../parameters';
import {
	getAudiences,
	updateAudience,
	type AudienceChange,
	type MembersAction,
	type TikTokClient,
} from '../../transport';
import { eachItem, groupItems, runJobs, type Execute, type Job } from '../runner';
import { checkMembersFit, checkTakesFiles } from './members/compatibility';
import { buildFromFiles } from './members/fromFiles';
import { buildFromItems } from './members/fromItems';
import { memberOptions, membersSourceProperties, readMemberSettings } from './members/properties';
import { membersReport, noValidRows, type MembersSource } from './members/report';
import { MemberUploads } from './members/uploads';

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
	/** Name and enhancement changes, as TikTok's update request carries them. */
	change: Pick<AudienceChange, 'name' | 'enhancement'>;
	reachFrequency: boolean;
	/** What the output lists under updatedFields. */
	names: string[];
}

function readFieldChanges(context: IExecuteFunctions, itemIndex: number): FieldChanges {
	const fields = context.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const changes: FieldChanges = {
		change: {},
		reachFrequency: fields.reachFrequency === true,
		names: [],
	};
	if (typeof fields.name === 'string' && fields.name.trim() !== '') {
		changes.change.name = checkAudienceName(context, fields.name, itemIndex, 'new name');
		changes.names.push('name');
	}
	if (typeof fields.audienceEnhancement === 'boolean') {
		changes.change.enhancement = fields.audienceEnhancement;
		changes.names.push('audienceEnhancement');
	}
	if (changes.reachFrequency) changes.names.push('audienceSubType');
	return changes;
}

interface AudienceUpdate {
	advertiserId: string;
	audienceId: string;
	action: MembersAction | 'none';
	changes: FieldChanges;
}

function readJob(context: IExecuteFunctions, itemIndex: number): AudienceUpdate {
	const action = context.getNodeParameter('membersAction', itemIndex) as MembersAction | 'none';
	const changes = readFieldChanges(context, itemIndex);
	if (action === 'none' && changes.names.length === 0) {
		throw new NodeOperationError(context.getNode(), 'Nothing to update', {
			description: 'Choose how to change the members, or add a field under "Update Fields".',
			itemIndex,
		});
	}
	// Checked before anything is sent; the values are read again where they are used.
	if (action !== 'none') readMemberSettings(context, itemIndex);
	return { ...readAudienceTarget(context, itemIndex), action, changes };
}

async function changeAudience(
	context: IExecuteFunctions,
	client: TikTokClient,
	{ itemIndices, value }: Job<AudienceUpdate>,
	source: MembersSource | undefined,
): Promise<IDataObject> {
	const { advertiserId, audienceId, action, changes } = value;
	const node = context.getNode();
	// The audience's details, read at most once: its type before the first upload, its name when
	// a request needs one.
	let details: Promise<IDataObject> | undefined;
	const audience = async () =>
		await (details ??= getAudiences(client, {
			advertiserId,
			audienceIds: [audienceId],
			historySize: 1,
		}).then(([entry]) => entry?.audience_details ?? {}));
	const uploads = new MemberUploads(context, client, [
		{
			advertiserId,
			beforeUpload: async (calculateType) => {
				const details = await audience();
				checkTakesFiles(node, details);
				checkMembersFit(node, details, calculateType);
			},
		},
	]);
	let summary: CustomerFileSummary | undefined;
	if (source === 'file') summary = await buildFromFiles(context, itemIndices, 'audience', uploads);
	if (source === 'items') summary = await buildFromItems(context, itemIndices, 'audience', uploads);
	if (summary && summary.rowsAccepted === 0)
		throw noValidRows(node, summary, source as MembersSource, 'changed');
	const files = summary ? uploads.uploadedTo(advertiserId, summary) : undefined;

	// TikTok's update needs custom_audience_name or file_paths in every request
	// (dmp_custom_audience_update.yml): the name and enhancement go with the files, or with the
	// audience's name when they come alone.
	const target = { advertiserId, audienceId };
	let name = changes.change.name;
	const nameForRequest = async () => (name ??= String((await audience()).name ?? ''));
	if (files && action !== 'none') {
		const filePaths = files.map((file) => file.filePath);
		await updateAudience(client, { ...target, ...changes.change, members: { filePaths, action } });
	} else if (Object.keys(changes.change).length > 0) {
		await updateAudience(client, { ...target, ...changes.change, name: await nameForRequest() });
	}
	// TikTok ignores every other change in a request that sets the sub type.
	if (changes.reachFrequency) {
		await updateAudience(client, {
			...target,
			name: await nameForRequest(),
			subType: 'REACH_FREQUENCY',
		});
	}
	return {
		audienceId,
		advertiserId,
		updatedFields: changes.names,
		...(summary && files ? { action, ...membersReport(summary, files) } : {}),
	};
}

/**
 * Items that change the members of the same audience change it together: all their items, or all
 * their files, in one upload and one update. When only fields change, each item is its own update.
 */
export const execute: Execute = async function (client) {
	const action = this.getNodeParameter('membersAction', 0) as string;
	const source = CHANGES_MEMBERS.includes(action)
		? (this.getNodeParameter('source', 0) as MembersSource)
		: undefined;
	// Items that change the same audience's members go together (all their items or files), so
	// that two items of one audience never replace each other's people.
	const jobs = source
		? groupItems(this, {
				parameters: ['advertiserId', 'audienceId', 'updateFields'],
				read: (itemIndex) => readJob(this, itemIndex),
				key: (job) => [job.advertiserId, job.audienceId],
				agree: { on: (job) => job.changes, what: '"Update Fields"' },
			})
		: eachItem(this, (itemIndex) => readJob(this, itemIndex));
	return await runJobs(this, client, {
		jobs,
		send: async ([job], requestClient) => [await changeAudience(this, requestClient, job, source)],
		describeDone: ({ audienceId, action, changes }) =>
			`updated audience ${audienceId} (${[action !== 'none' ? `${action.toLowerCase()} members` : '', ...changes.names].filter(Boolean).join(', ')})`,
	});
};
