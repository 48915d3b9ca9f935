import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CustomerFileSummary } from '../../../customerFile/builder';
import { createAudience, type AudienceCreateBody, type TikTokClient } from '../../../transport';
import { reconcileCreate } from '../reconcile';
import { membersReport } from './report';
import { MemberUploads } from './upload';

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

/** Builds and uploads the members with `build`, then creates an audience from them. */
export async function createWithMembers(
	context: IExecuteFunctions,
	client: TikTokClient,
	advertiserId: string,
	name: string,
	build: (uploads: MemberUploads) => Promise<CustomerFileSummary>,
): Promise<IDataObject> {
	let namesakesBefore: ReturnType<typeof reconcileCreate> | undefined;
	const uploads = new MemberUploads(context, client, [
		{
			advertiserId,
			// Noted while the files upload, so that a lost create reply is reconciled exactly.
			beforeUpload: async (calculateType) => {
				namesakesBefore = reconcileCreate(
					client,
					context.getNode(),
					advertiserId,
					name,
					(audience) => audience.calculate_type === calculateType,
				);
				namesakesBefore.catch(() => undefined);
			},
		},
	]);
	const summary = await build(uploads);
	const reconcile = async () =>
		await (namesakesBefore ??
			reconcileCreate(client, context.getNode(), advertiserId, name, (audience) => {
				return audience.calculate_type === summary.calculateType;
			}));
	return await createFromUploads(context, client, advertiserId, name, summary, uploads, reconcile);
}

/** Creates an audience from the files uploaded to `advertiserId` (Create, and Create or Update). */
export async function createFromUploads(
	context: IExecuteFunctions,
	client: TikTokClient,
	advertiserId: string,
	name: string,
	summary: CustomerFileSummary,
	uploads: MemberUploads,
	/** Notes the namesakes before the create request and gives the reconcile step. */
	reconcile: () => ReturnType<typeof reconcileCreate>,
): Promise<IDataObject> {
	const itemIndex = client.itemIndex ?? 0;
	if (summary.rowsAccepted === 0) {
		throw new NodeOperationError(context.getNode(), 'No valid identifiers to upload', {
			description: `All ${summary.rowsReceived} rows were dropped (${JSON.stringify(summary.droppedByReason)}). Check that "Identifier Fields" name the right input fields.`,
			itemIndex,
		});
	}
	const files = uploads.uploadedTo(advertiserId, summary);
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

	const audienceId = await createAudience(client, body, await reconcile());
	return { audienceId, audienceName: name, advertiserId, ...membersReport(summary, files) };
}
