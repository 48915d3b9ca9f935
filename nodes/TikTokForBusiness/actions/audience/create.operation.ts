import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { CustomerFileSummary } from '../../customerFile/builder';
import { advertiserLocator, optionsCollection } from '../../descriptions/common.descriptions';
import { readAudienceName, readId } from '../../helpers/parameters';
import { createAudience, type AudienceCreateBody, type TikTokClient } from '../../transport';
import { runPerGroup, runPerItem, groupItemsBy } from '../runner';
import { checkFileCount } from './members/apply';
import { memberOptions, membersSourceProperties } from './members/properties';
import { membersReport } from './members/report';
import { buildFromFile, buildFromItems } from './members/source';
import { uploadFiles } from './members/upload';
import { reconcileCreate } from './reconcile';

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

async function createFromSummary(
	context: IExecuteFunctions,
	client: TikTokClient,
	advertiserId: string,
	name: string,
	summary: CustomerFileSummary,
): Promise<IDataObject> {
	const itemIndex = client.itemIndex ?? 0;
	if (summary.files.length === 0) {
		throw new NodeOperationError(context.getNode(), 'No valid identifiers to upload', {
			description: `All ${summary.rowsReceived} rows were dropped (${JSON.stringify(summary.droppedByReason)}). Check that "Identifier Fields" name the right input fields.`,
			itemIndex,
		});
	}
	checkFileCount(context, summary, itemIndex);
	// Noted while the files upload, so that a lost create reply is reconciled exactly.
	const namesakesBefore = reconcileCreate(
		client,
		context.getNode(),
		advertiserId,
		name,
		(audience) => audience.calculate_type === summary.calculateType,
	);
	namesakesBefore.catch(() => undefined);
	const files = await uploadFiles(context, client, advertiserId, summary);
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const body: AudienceCreateBody = {
		advertiser_id: advertiserId,
		custom_audience_name: name,
		calculate_type: summary.calculateType,
		file_paths: files.map((file) => file.filePath),
	};
	if (options.retentionInDays !== undefined) {
		body.retention_in_days = options.retentionInDays as number;
	}
	if (options.audienceSubType !== undefined) {
		body.audience_sub_type = options.audienceSubType as string;
	}
	if (options.audienceEnhancement !== undefined) {
		body.audience_enhancement = options.audienceEnhancement as boolean;
	}

	const audienceId = await createAudience(client, body, await namesakesBefore);
	return { audienceId, audienceName: name, advertiserId, ...membersReport(summary, files) };
}

export async function executeBatch(
	this: IExecuteFunctions,
	_items: INodeExecutionData[],
	client: TikTokClient,
): Promise<INodeExecutionData[]> {
	const source = this.getNodeParameter('source', 0) as string;
	if (source === 'file') {
		return await runPerItem(this, client, async (itemIndex, itemClient) => {
			const advertiserId = readId(this, 'advertiserId', itemIndex, 'advertiser');
			const name = readAudienceName(this, 'audienceName', itemIndex);
			const summary = await buildFromFile(this, itemIndex, 'audience');
			return await createFromSummary(this, itemClient, advertiserId, name, summary);
		});
	}

	// All items that name the same advertiser and audience form one audience.
	const groups = groupItemsBy(this, ['advertiserId', 'audienceName'], (itemIndex) =>
		JSON.stringify([
			readId(this, 'advertiserId', itemIndex, 'advertiser'),
			readAudienceName(this, 'audienceName', itemIndex),
		]),
	);
	return await runPerGroup(this, client, groups, async (itemIndices, groupClient) => {
		const itemIndex = itemIndices[0];
		const advertiserId = readId(this, 'advertiserId', itemIndex, 'advertiser');
		const name = readAudienceName(this, 'audienceName', itemIndex);
		const summary = buildFromItems(this, itemIndices, 'audience');
		return await createFromSummary(this, groupClient, advertiserId, name, summary);
	});
}
