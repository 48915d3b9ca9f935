import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';

import type { CustomerFileSummary } from '../../../customerFile';
import { readOptionalNumber } from '../../../parameters';
import {
	AUDIENCE_LIMITS,
	createAudience,
	type AudienceListEntry,
	type NewAudience,
	type TikTokClient,
} from '../../../transport';
import { findNamesakes, reconcileCreate } from '../namesakes';
import { membersReport, noValidRows, type MembersSource } from './report';
import type { UploadedFile } from './uploads';

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
		typeOptions: {
			minValue: AUDIENCE_LIMITS.retentionDays.min,
			maxValue: AUDIENCE_LIMITS.retentionDays.max,
		},
		default: 365,
		description:
			'Days until the audience expires. Without it, TikTok keeps the audience until 365 days after it was last used or changed.',
	},
];

export type NewAudienceSettings = Pick<NewAudience, 'retentionInDays' | 'subType' | 'enhancement'>;

/** The settings of a new audience from an item's Options; those not added are left to TikTok. */
export function readNewAudienceSettings(
	context: IExecuteFunctions,
	itemIndex: number,
): NewAudienceSettings {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const settings: NewAudienceSettings = {};
	if (options.retentionInDays !== undefined) {
		const { min, max } = AUDIENCE_LIMITS.retentionDays;
		settings.retentionInDays = readOptionalNumber(
			context,
			options,
			'retentionInDays',
			{ label: 'Retention (Days)', min, max, integer: true, fallback: max },
			itemIndex,
		);
	}
	if (options.audienceSubType !== undefined) {
		settings.subType = options.audienceSubType === 'REACH_FREQUENCY' ? 'REACH_FREQUENCY' : 'NORMAL';
	}
	if (options.audienceEnhancement !== undefined) {
		settings.enhancement = options.audienceEnhancement === true;
	}
	return settings;
}

export interface CreateFromUploads {
	advertiserId: string;
	name: string;
	source: MembersSource;
	summary: CustomerFileSummary;
	files: UploadedFile[];
	settings: NewAudienceSettings;
	/**
	 * The audiences of that name before the create request, if already read; otherwise they are
	 * read just before it. A lost reply is reconciled against them.
	 */
	before?: AudienceListEntry[];
}

/** Creates an audience from the files uploaded to its ad account (Create, and Create or Update). */
export async function createFromUploads(
	client: TikTokClient,
	node: INode,
	audience: CreateFromUploads,
): Promise<IDataObject> {
	const { advertiserId, name, summary, files } = audience;
	if (summary.rowsAccepted === 0) throw noValidRows(node, summary, audience.source, 'created');
	const before = audience.before ?? (await findNamesakes(client, advertiserId, name));
	const findCreated = reconcileCreate(
		client,
		node,
		{ advertiserId, name },
		before,
		(created) => created.calculate_type === summary.calculateType,
	);
	const audienceId = await createAudience(
		client,
		{
			advertiserId,
			name,
			calculateType: summary.calculateType,
			filePaths: files.map((file) => file.filePath),
			...audience.settings,
		},
		findCreated,
	);
	return { audienceId, audienceName: name, advertiserId, ...membersReport(summary, files) };
}
