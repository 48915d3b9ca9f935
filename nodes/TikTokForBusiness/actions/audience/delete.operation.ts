import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import {
	advertiserLocator,
	audienceLocator,
	optionsCollection,
} from '../../descriptions/common.descriptions';
import { requestInChunks } from '../../helpers/chunks';
import { readId } from '../../helpers/parameters';
import { deleteAudiences, listAudiences, type TikTokClient } from '../../transport';
import { runBatchedById } from '../runner';

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

export async function executeBatch(
	this: IExecuteFunctions,
	_items: INodeExecutionData[],
	client: TikTokClient,
): Promise<INodeExecutionData[]> {
	return await runBatchedById(
		this,
		client,
		(itemIndex) => ({
			groupKey: readId(this, 'advertiserId', itemIndex, 'advertiser'),
			id: readId(this, 'audienceId', itemIndex, 'audience'),
		}),
		async (advertiserId, audienceIds, groupClient) =>
			await requestInChunks(audienceIds, MAX_IDS_PER_REQUEST, async (chunk) => {
				// Deleting again would fail on the audiences that are gone: check instead.
				await deleteAudiences(groupClient, advertiserId, chunk, async () => {
					const remaining = await listAudiences(groupClient, { advertiserId, audienceIds: chunk });
					return remaining.length === 0 ? { deleted: chunk } : undefined;
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
