import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	advertiserLocator,
	audienceLocator,
	optionsCollection,
} from '../../descriptions/common.descriptions';
import { readAudienceName, readId, readIdList } from '../../parameters';
import { createLookalikeAudience, type NewLookalike } from '../../transport';
import { perItem } from '../runner';
import { findNamesakes, reconcileCreate } from './namesakes';

const properties: INodeProperties[] = [
	advertiserLocator,
	{
		...audienceLocator,
		displayName: 'Source Audience',
		description:
			'The audience to find similar people for: at least 100 people, and not itself a lookalike',
	},
	{
		displayName: 'Name',
		name: 'audienceName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Lookalike of newsletter subscribers',
		description: 'Name of the new lookalike audience (up to 128 characters)',
	},
	{
		displayName: 'Location IDs',
		name: 'locationIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 6252001',
		description:
			'TikTok location IDs of the countries or regions to find people in, separated by commas (TikTok uses GeoNames IDs, e.g. 6252001 for the United States)',
	},
	{
		displayName: 'Placements',
		name: 'placements',
		type: 'multiOptions',
		required: true,
		options: [
			{ name: 'Pangle', value: 'Pangle' },
			{ name: 'TikTok', value: 'TikTok' },
			{ name: 'TopBuzz & BuzzVideo', value: 'TopBuzz & BuzzVideo' },
		],
		default: ['TikTok'],
		description: 'Apps where the lookalike audience will see ads',
	},
	{
		displayName: 'Audience Size',
		name: 'audienceSize',
		type: 'options',
		options: [
			{ name: 'Narrow', value: 'NARROW', description: 'Closest match to the source audience' },
			{ name: 'Balanced', value: 'BALANCED' },
			{ name: 'Broad', value: 'BROAD', description: 'Largest reach' },
		],
		default: 'BALANCED',
	},
	{
		displayName: 'Operating System',
		name: 'mobileOs',
		type: 'options',
		options: [
			{ name: 'All', value: 'ALL' },
			{ name: 'Android', value: 'ANDROID' },
			{ name: 'iOS', value: 'IOS' },
		],
		default: 'ALL',
	},
	{
		displayName: 'Include Source Audience',
		name: 'includeSource',
		type: 'boolean',
		default: false,
		description: 'Whether the lookalike audience also contains the people of the source audience',
	},
	optionsCollection(),
];

const displayOptions = { show: { resource: ['audience'], operation: ['createLookalike'] } };

export const description = updateDisplayOptions(displayOptions, properties);

function readLookalike(context: IExecuteFunctions, itemIndex: number): NewLookalike {
	const advertiserId = readId(context, 'advertiserId', itemIndex, 'advertiser');
	const sourceAudienceId = readId(context, 'audienceId', itemIndex, 'source audience');
	const name = readAudienceName(context, 'audienceName', itemIndex, 'lookalike audience name');
	const locationIds = readIdList(context, 'locationIds', itemIndex, { label: 'location' });
	const placements = context.getNodeParameter('placements', itemIndex, []) as string[];
	if (placements.length === 0) {
		throw new NodeOperationError(context.getNode(), 'No placement chosen', {
			description: 'Choose at least one placement.',
			itemIndex,
		});
	}
	const lookalike: NewLookalike = {
		advertiserId,
		name,
		sourceAudienceId,
		includeSource: context.getNodeParameter('includeSource', itemIndex, false) as boolean,
		mobileOs: context.getNodeParameter('mobileOs', itemIndex, 'ALL') as NewLookalike['mobileOs'],
		placements,
		locationIds,
		audienceSize: context.getNodeParameter(
			'audienceSize',
			itemIndex,
			'BALANCED',
		) as NewLookalike['audienceSize'],
	};
	return lookalike;
}

export const execute = perItem({
	read(itemIndex) {
		return readLookalike(this, itemIndex);
	},
	async run(lookalike, client) {
		const { advertiserId, name } = lookalike;
		const before = await findNamesakes(client, advertiserId, name);
		const findCreated = reconcileCreate(
			client,
			this.getNode(),
			{ advertiserId, name },
			before,
			(audience) => /lookalike/i.test(String(audience.audience_type ?? '')),
		);
		const audienceId = await createLookalikeAudience(client, lookalike, findCreated);
		const { name: audienceName, ...settings } = lookalike;
		return { audienceId, audienceName, ...settings };
	},
	describeDone: ({ name, advertiserId }, output) =>
		`created lookalike "${name}" (${String(output?.audienceId)}) in ad account ${advertiserId}`,
});
