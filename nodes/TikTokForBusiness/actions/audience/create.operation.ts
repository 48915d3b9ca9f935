import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { CustomerFileSummary } from '../../customerFile';
import { advertiserLocator, optionsCollection } from '../../descriptions/common.descriptions';
import { readAudienceName, readId } from '../../parameters';
import type { TikTokClient } from '../../transport';
import { eachItem, groupItems, runJobs, type Execute, type Job } from '../runner';
import { buildFromFiles } from './members/fromFiles';
import { buildFromItems } from './members/fromItems';
import {
	audienceNameProperty,
	createFromUploads,
	createOptions,
	readNewAudienceSettings,
} from './members/newAudience';
import { memberOptions, membersSourceProperties, readMemberSettings } from './members/properties';
import type { MembersSource } from './members/report';
import { MemberUploads } from './members/uploads';

const properties: INodeProperties[] = [
	advertiserLocator,
	audienceNameProperty,
	...membersSourceProperties(),
	optionsCollection([...createOptions, ...memberOptions]),
];

const displayOptions = { show: { resource: ['audience'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface NewAudienceJob {
	advertiserId: string;
	name: string;
}

function readJob(context: IExecuteFunctions, itemIndex: number): NewAudienceJob {
	// Checked before anything is sent; the values are read again where they are used.
	readMemberSettings(context, itemIndex);
	readNewAudienceSettings(context, itemIndex);
	return {
		advertiserId: readId(context, 'advertiserId', itemIndex, 'advertiser'),
		name: readAudienceName(context, 'audienceName', itemIndex),
	};
}

/** Creates one audience from the members its items give, uploaded file by file as built. */
async function createOne(
	context: IExecuteFunctions,
	client: TikTokClient,
	{ itemIndices, value }: Job<NewAudienceJob>,
	source: MembersSource,
) {
	const { advertiserId, name } = value;
	const settings = readNewAudienceSettings(context, itemIndices[0]);
	const uploads = new MemberUploads(context, client, [{ advertiserId }]);
	const summary: CustomerFileSummary =
		source === 'file'
			? await buildFromFiles(context, itemIndices, 'audience', uploads)
			: await buildFromItems(context, itemIndices, 'audience', uploads);
	const node = context.getNode();
	return await createFromUploads(client, node, {
		advertiserId,
		name,
		source,
		summary,
		files: summary.rowsAccepted > 0 ? uploads.uploadedTo(advertiserId, summary) : [],
		settings,
	});
}

/**
 * With Input Items, all items that name the same ad account and audience name form one audience;
 * with Customer File, each item's file makes an audience of its own.
 */
export const execute: Execute = async function (client) {
	const source = this.getNodeParameter('source', 0) as MembersSource;
	const jobs =
		source === 'file'
			? eachItem(this, (itemIndex) => readJob(this, itemIndex))
			: groupItems(this, {
					parameters: ['advertiserId', 'audienceName'],
					read: (itemIndex) => readJob(this, itemIndex),
					key: (job) => [job.advertiserId, job.name],
				});
	return await runJobs(this, client, {
		jobs,
		send: async ([job], requestClient) => [await createOne(this, requestClient, job, source)],
		describeDone: ({ advertiserId, name }, output) =>
			`created audience "${name}" (${String(output?.audienceId)}) in ad account ${advertiserId}`,
	});
};
