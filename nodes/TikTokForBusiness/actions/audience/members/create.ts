import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CustomerFileSummary } from '../../../customerFile/builder';
import {
	createAudience,
	type AudienceCreateBody,
	type AudienceListEntry,
	type TikTokClient,
} from '../../../transport';
import { reconcileCreate } from '../reconcile';
import { checkFileCount } from './apply';
import { membersReport } from './report';
import { uploadFiles } from './upload';

/** The name of a new audience (Create, and Create or Update). */
export const audienceNameProperty: INodeProperties = {
	displayName: 'Name',
	name: 'audienceName',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. Newsletter subscribers',
	description: 'Name of the new audience (up to 128 characters)',
};

/** Options of a new audience (Create, and Create or Update). */
export const createOptions: INodeProperties[] = [
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
];

/** Uploads the members and creates an audience from them (Create, and Create or Update). */
export async function createWithMembers(
	context: IExecuteFunctions,
	client: TikTokClient,
	advertiserId: string,
	name: string,
	summary: CustomerFileSummary,
	/** The advertiser's audiences of that name, if already read: the reconcile starts from them. */
	namesakes?: AudienceListEntry[],
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
		namesakes,
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
