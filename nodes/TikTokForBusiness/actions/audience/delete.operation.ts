import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import {
	advertiserLocator,
	audienceLocator,
	optionsCollection,
} from '../../descriptions/common.descriptions';
import { requestInChunks } from '../../helpers/chunks';
import { readId } from '../../helpers/parameters';
import { getConnection, tikTokApiRequest, type Connection } from '../../transport';
import { runBatchedById } from '../batch';

const MAX_IDS_PER_REQUEST = 100;

const properties: INodeProperties[] = [
	advertiserLocator,
	{
		...audienceLocator,
		description:
			'The audience to delete. Items are deleted together, up to 100 audiences per request to TikTok.',
	},
	optionsCollection(),
];

const displayOptions = { show: { resource: ['audience'], operation: ['delete'] } };

export const description = updateDisplayOptions(displayOptions, properties);

async function remainingAudiences(
	context: IExecuteFunctions,
	connection: Connection,
	advertiserId: string,
	audienceIds: string[],
	itemIndex: number,
): Promise<string[]> {
	const data = await tikTokApiRequest.call(context, {
		method: 'GET',
		endpoint: '/dmp/custom_audience/list/',
		qs: {
			advertiser_id: advertiserId,
			custom_audience_ids: audienceIds,
			page: 1,
			page_size: audienceIds.length,
		},
		itemIndex,
		connection,
		aboutAudience: true,
	});
	return ((data.list as IDataObject[] | undefined) ?? []).map((audience) =>
		String(audience.audience_id),
	);
}

export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const connection = await getConnection.call(this, 0);
	return await runBatchedById(
		this,
		items,
		(itemIndex) => ({
			groupKey: readId(this, 'advertiserId', itemIndex, 'advertiser'),
			id: readId(this, 'audienceId', itemIndex, 'audience'),
		}),
		async (advertiserId, audienceIds, itemIndex) =>
			await requestInChunks(audienceIds, MAX_IDS_PER_REQUEST, async (chunk) => {
				await tikTokApiRequest.call(this, {
					method: 'POST',
					endpoint: '/dmp/custom_audience/delete/',
					body: { advertiser_id: advertiserId, custom_audience_ids: chunk },
					itemIndex,
					connection,
					idempotent: false,
					aboutAudience: true,
					// Deleting again would fail on the audiences that are gone: check instead.
					reconcile: async () => {
						const remaining = await remainingAudiences(
							this,
							connection,
							advertiserId,
							chunk,
							itemIndex,
						);
						return remaining.length === 0 ? { deleted: chunk } : undefined;
					},
				});
				return new Map(chunk.map((id) => [id, true]));
			}),
		(job) => ({ deleted: true, audienceId: job.id, advertiserId: job.groupKey }),
		(job, itemIndex) =>
			new NodeApiError(
				this.getNode(),
				{ audience_id: job.id },
				{ message: `Audience ${job.id} was not deleted`, itemIndex },
			),
	);
}
