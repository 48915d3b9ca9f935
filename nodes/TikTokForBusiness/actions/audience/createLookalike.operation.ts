import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	advertiserLocator,
	audienceLocator,
	optionsCollection,
} from '../../descriptions/common.descriptions';
import { checkId, readAudienceName, readId, splitIds } from '../../helpers/parameters';
import { createLookalikeAudience, type LookalikeSpec } from '../../transport';
import type { ItemExecute } from '../runner';
import { reconcileCreate } from './reconcile';

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

export const execute: ItemExecute = async function (itemIndex, client) {
	const advertiserId = readId(this, 'advertiserId', itemIndex, 'advertiser');
	const sourceAudienceId = readId(this, 'audienceId', itemIndex, 'source audience');
	const name = readAudienceName(this, 'audienceName', itemIndex, 'lookalike audience name');
	const locationIds = splitIds(this.getNodeParameter('locationIds', itemIndex, '')).map((id) =>
		checkId(this, id, 'location', itemIndex),
	);
	const placements = this.getNodeParameter('placements', itemIndex, []) as string[];
	if (locationIds.length === 0 || placements.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Location IDs and Placements are required', {
			description: 'Enter at least one location ID and choose at least one placement.',
			itemIndex,
		});
	}
	const lookalikeSpec: LookalikeSpec = {
		source_audience_id: sourceAudienceId,
		include_source: this.getNodeParameter('includeSource', itemIndex, false) as boolean,
		mobile_os: this.getNodeParameter('mobileOs', itemIndex, 'ALL') as string,
		placements,
		location_ids: [...new Set(locationIds)],
		audience_size: this.getNodeParameter('audienceSize', itemIndex, 'BALANCED') as string,
	};
	const reconcile = await reconcileCreate(client, this.getNode(), advertiserId, name, (audience) =>
		/lookalike/i.test(String(audience.audience_type ?? '')),
	);
	const audienceId = await createLookalikeAudience(
		client,
		{ advertiser_id: advertiserId, custom_audience_name: name, lookalike_spec: lookalikeSpec },
		reconcile,
	);
	return { audienceId, audienceName: name, advertiserId, sourceAudienceId, lookalikeSpec };
};
