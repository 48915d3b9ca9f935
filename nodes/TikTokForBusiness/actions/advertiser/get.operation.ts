import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { advertiserLocator, optionsCollection } from '../../descriptions/common.descriptions';
import { readId } from '../../parameters';
import { ADVERTISER_LIMITS, getAdvertiserInfo } from '../../transport';
import { eachItem, runJobs, type Execute } from '../runner';

// Fields of /advertiser/info/ (https://business-api.tiktok.com/portal/docs?id=1739593083610113).
const ADVERTISER_FIELDS = [
	'address',
	'advertiser_id',
	'balance',
	'cellphone_number',
	'company',
	'company_name_editable',
	'contacter',
	'country',
	'create_time',
	'currency',
	'description',
	'display_timezone',
	'email',
	'industry',
	'language',
	'license_no',
	'license_url',
	'name',
	'owner_bc_id',
	'rejection_reason',
	'role',
	'status',
	'telephone_number',
	'timezone',
];

const SIMPLIFIED_FIELDS = [
	'advertiser_id',
	'name',
	'status',
	'currency',
	'timezone',
	'country',
	'balance',
];

const properties: INodeProperties[] = [
	{
		...advertiserLocator,
		description:
			'The ad account to read. Items are read together, up to 100 ad accounts per request to TikTok.',
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to return only key fields (ID, name, status, currency, time zone, country, balance) instead of every field. Ignored when Fields is set.',
	},
	optionsCollection([
		{
			displayName: 'Fields',
			name: 'fields',
			type: 'multiOptions',
			options: ADVERTISER_FIELDS.map((field) => ({ name: field, value: field })),
			default: [],
			description:
				'Which fields to return. TikTok returns only the advertiser ID with company_name_editable.',
		},
	]),
];

const displayOptions = { show: { resource: ['advertiser'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

function requestedFields(context: IExecuteFunctions, itemIndex: number): string[] {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const fields = Array.isArray(options.fields) ? (options.fields as string[]) : [];
	if (fields.length > 0) return fields;
	const simplify = context.getNodeParameter('simplify', itemIndex, true) as boolean;
	return simplify ? SIMPLIFIED_FIELDS : [];
}

/** The fields asked for, after the advertiser's ID, which every entry keeps. */
function pick(source: IDataObject, fields: string[]): IDataObject {
	if (fields.length === 0) return source;
	const picked: IDataObject = {};
	for (const field of ['advertiser_id', ...fields]) {
		if (field in source) picked[field] = source[field];
	}
	return picked;
}

/** Reads every item's advertiser, up to 100 per request; a bad ID fails only its own items. */
export const execute: Execute = async function (client) {
	return await runJobs(this, client, {
		jobs: eachItem(this, (itemIndex) => ({
			advertiserId: readId(this, 'advertiserId', itemIndex, 'advertiser'),
			fields: requestedFields(this, itemIndex),
		})),
		mergeKey: ({ fields }) => fields,
		unitOf: ({ advertiserId }) => advertiserId,
		maxPerRequest: ADVERTISER_LIMITS.idsPerRequest,
		send: async (jobs, requestClient) => {
			const { fields } = jobs[0].value;
			// The ID comes back only when asked for, and each result is matched to its item by it.
			const asked = fields.length === 0 || fields.includes('advertiser_id');
			const byId = new Map<string, IDataObject>();
			const advertiserIds = [...new Set(jobs.map(({ value }) => value.advertiserId))];
			const sent = asked ? fields : ['advertiser_id', ...fields];
			for (const entry of await getAdvertiserInfo(requestClient, { advertiserIds, fields: sent })) {
				byId.set(String(entry.advertiser_id), pick(entry, fields));
			}
			return jobs.map(
				({ value }) => byId.get(value.advertiserId) ?? notFound(this, value.advertiserId),
			);
		},
	});
};

function notFound(context: IExecuteFunctions, advertiserId: string): NodeApiError {
	return new NodeApiError(
		context.getNode(),
		{ advertiserId },
		{
			message: `TikTok returned no ad account with ID ${advertiserId}`,
			description:
				'The advertiser does not exist or has not authorized this app. Check the ID, or reconnect the credential and approve this ad account.',
		},
	);
}
