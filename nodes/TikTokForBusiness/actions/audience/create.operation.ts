import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { CustomerFileSummary } from '../../helpers/customerFile';
import { advertiserLocator, optionsCollection } from '../../descriptions/common.descriptions';
import { readId } from '../../helpers/parameters';
import { getConnection, tikTokApiRequest, type Connection } from '../../transport';
import { forEachItem } from '../router';
import { forEachGroup, groupItemsBy } from '../batch';
import { applyFilesToAudience, findAudienceCreatedSince } from './common';
import {
	buildFromFile,
	buildFromItems,
	FILE_PATHS_PER_REQUEST,
	memberOptions,
	membersReport,
	membersSourceProperties,
	uploadFiles,
} from './members';

const properties: INodeProperties[] = [
	advertiserLocator,
	{
		displayName: 'Name',
		name: 'audienceName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Newsletter subscribers',
		description: 'Name of the new audience (up to 128 characters)',
	},
	...membersSourceProperties(),
	optionsCollection([
		{
			displayName: 'Audience Enhancement',
			name: 'audienceEnhancement',
			type: 'boolean',
			default: false,
			description: 'Whether TikTok may expand the audience with similar users',
		},
		{
			displayName: 'Audience Sub Type',
			name: 'audienceSubType',
			type: 'options',
			options: [
				{ name: 'Normal', value: 'NORMAL' },
				{ name: 'Reach & Frequency', value: 'REACH_FREQUENCY' },
			],
			default: 'NORMAL',
			description: 'Which ads can use the audience: normal ads or Reach & Frequency ads',
		},
		{
			displayName: 'Retention (Days)',
			name: 'retentionInDays',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 365 },
			default: 365,
			description:
				'Days until the audience expires. Without it, TikTok keeps the audience until 365 days after it was last used or changed.',
		},
		...memberOptions,
	]),
];

const displayOptions = { show: { resource: ['audience'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

function readName(context: IExecuteFunctions, itemIndex: number): string {
	const name = String(context.getNodeParameter('audienceName', itemIndex, '')).trim();
	if (name === '' || name.length > 128) {
		throw new NodeOperationError(
			context.getNode(),
			name === ''
				? 'The audience name is empty'
				: 'The audience name is longer than 128 characters',
			{ description: 'Give the audience a name of 1 to 128 characters.', itemIndex },
		);
	}
	return name;
}

async function createAudience(
	context: IExecuteFunctions,
	connection: Connection,
	advertiserId: string,
	name: string,
	summary: CustomerFileSummary,
	itemIndex: number,
): Promise<IDataObject> {
	if (summary.files.length === 0) {
		throw new NodeOperationError(context.getNode(), 'No valid identifiers to upload', {
			description: `All ${summary.rowsReceived} rows were dropped (${JSON.stringify(summary.droppedByReason)}). Check that "Identifier Fields" name the right input fields.`,
			itemIndex,
		});
	}
	const files = await uploadFiles(context, connection, advertiserId, summary, itemIndex);
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const body: IDataObject = {
		advertiser_id: advertiserId,
		custom_audience_name: name,
		calculate_type: summary.calculateType,
		file_paths: files.slice(0, FILE_PATHS_PER_REQUEST).map((file) => file.filePath),
	};
	if (options.retentionInDays !== undefined) body.retention_in_days = options.retentionInDays;
	if (options.audienceSubType !== undefined) body.audience_sub_type = options.audienceSubType;
	if (options.audienceEnhancement !== undefined) {
		body.audience_enhancement = options.audienceEnhancement;
	}

	const startedAt = Date.now();
	const data = await tikTokApiRequest.call(context, {
		method: 'POST',
		endpoint: '/dmp/custom_audience/create/',
		body,
		itemIndex,
		connection,
		idempotent: false,
		aboutAudience: true,
		reconcile: async () =>
			await findAudienceCreatedSince(
				context,
				connection,
				advertiserId,
				name,
				startedAt,
				itemIndex,
				(audience) => audience.calculate_type === summary.calculateType,
			),
	});
	const audienceId = String(data.custom_audience_id);
	if (files.length > FILE_PATHS_PER_REQUEST) {
		await applyFilesToAudience(
			context,
			connection,
			advertiserId,
			audienceId,
			'APPEND',
			files.slice(FILE_PATHS_PER_REQUEST),
			itemIndex,
		);
	}
	return { audienceId, audienceName: name, advertiserId, ...membersReport(summary, files) };
}

export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const source = this.getNodeParameter('source', 0) as string;
	if (source === 'file') {
		return await forEachItem.call(this, items, async function (itemIndex) {
			const connection = await getConnection.call(this, itemIndex);
			const advertiserId = readId(this, 'advertiserId', itemIndex, 'advertiser');
			const name = readName(this, itemIndex);
			const summary = await buildFromFile(this, itemIndex, 'audience');
			return await createAudience(this, connection, advertiserId, name, summary, itemIndex);
		});
	}

	// All items that name the same advertiser and audience form one audience.
	const groups = groupItemsBy(this, items.length, ['advertiserId', 'audienceName'], (itemIndex) =>
		JSON.stringify([
			readId(this, 'advertiserId', itemIndex, 'advertiser'),
			readName(this, itemIndex),
		]),
	);
	return await forEachGroup(this, groups.values(), async (itemIndices) => {
		const itemIndex = itemIndices[0];
		const connection = await getConnection.call(this, itemIndex);
		const advertiserId = readId(this, 'advertiserId', itemIndex, 'advertiser');
		const name = readName(this, itemIndex);
		const summary = buildFromItems(this, itemIndices, 'audience');
		return await createAudience(this, connection, advertiserId, name, summary, itemIndex);
	});
}
