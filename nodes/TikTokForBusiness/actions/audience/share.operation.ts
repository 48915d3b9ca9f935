import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	advertiserLocator,
	audienceLocator,
	optionsCollection,
} from '../../descriptions/common.descriptions';
import { checkId, readId, splitIds } from '../../helpers/parameters';
import { getConnection, tikTokApiRequest } from '../../transport';
import type { ItemResult } from '../router';
import { readShareLog } from './sharing';

const MAX_SHARED_ADVERTISERS = 10;

const properties: INodeProperties[] = [
	advertiserLocator,
	audienceLocator,
	{
		displayName: 'Share With Advertiser IDs',
		name: 'sharedAdvertiserIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 7012345678901234567, 7012345678901234568',
		description:
			'Ad accounts to share the audience with (1 to 10 IDs, separated by commas). They must be in the same Business Center as the selected advertiser.',
	},
	optionsCollection(),
];

const displayOptions = { show: { resource: ['audience'], operation: ['share'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export function readAdvertiserIdList(
	context: IExecuteFunctions,
	parameterName: string,
	itemIndex: number,
	max: number,
): string[] {
	const ids = splitIds(context.getNodeParameter(parameterName, itemIndex, '')).map((id) =>
		checkId(context, id, 'advertiser', itemIndex),
	);
	const unique = [...new Set(ids)];
	if (unique.length === 0 || unique.length > max) {
		throw new NodeOperationError(
			context.getNode(),
			unique.length === 0 ? 'No advertiser ID given' : `More than ${max} advertiser IDs given`,
			{ description: `Enter 1 to ${max} advertiser IDs, separated by commas.`, itemIndex },
		);
	}
	return unique;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const connection = await getConnection.call(this, itemIndex);
	const advertiserId = readId(this, 'advertiserId', itemIndex, 'advertiser');
	const audienceId = readId(this, 'audienceId', itemIndex, 'audience');
	const sharedAdvertiserIds = readAdvertiserIdList(
		this,
		'sharedAdvertiserIds',
		itemIndex,
		MAX_SHARED_ADVERTISERS,
	);
	await tikTokApiRequest.call(this, {
		method: 'POST',
		endpoint: '/dmp/custom_audience/share/',
		body: {
			advertiser_id: advertiserId,
			custom_audience_ids: [audienceId],
			shared_advertiser_ids: sharedAdvertiserIds,
		},
		itemIndex,
		connection,
		idempotent: false,
		aboutAudience: true,
		reconcile: async () => {
			const log = await readShareLog(this, connection, advertiserId, audienceId, itemIndex);
			const shared = sharedAdvertiserIds.every((id) => log.sharedWith.has(id));
			return shared ? ({ shared: true } as IDataObject) : undefined;
		},
	});
	return { shared: true, audienceId, advertiserId, sharedAdvertiserIds };
}
