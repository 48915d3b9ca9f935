import type { INodeProperties } from 'n8n-workflow';

export const advertiserLocator: INodeProperties = {
	displayName: 'Advertiser',
	name: 'advertiserId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The ad account (advertiser) to work in',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchAdvertisers', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 7012345678901234567',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'An advertiser ID has digits only' },
				},
			],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://ads.tiktok.com/i18n/dashboard?aadvid=7012345678901234567',
			extractValue: { type: 'regex', regex: 'aadvid=(\\d+)' },
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '.*aadvid=\\d+.*',
						errorMessage: 'Paste a TikTok Ads Manager URL that contains aadvid=',
					},
				},
			],
		},
	],
};

export const audienceLocator: INodeProperties = {
	displayName: 'Audience',
	name: 'audienceId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'A custom audience of the selected advertiser (owned or shared with it)',
	typeOptions: { loadOptionsDependsOn: ['advertiserId.value'] },
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchAudiences', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 7123456789012345678',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'An audience ID has digits only' },
				},
			],
		},
	],
};

/** The advertiser and one of its audiences, the first fields of most audience operations. */
export const audienceTarget: INodeProperties[] = [advertiserLocator, audienceLocator];

/** Retry fields for every operation's "Options" collection (read by the transport). */
export const retryOptions: INodeProperties[] = [
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 10 },
		default: 5,
		description:
			'How many times to send a request in total when TikTok rate limits it, has a server error or the connection drops',
	},
	{
		displayName: 'Max Total Wait (Seconds)',
		name: 'maxTotalWait',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 60,
		description: 'Upper bound on the time spent waiting between attempts of one request',
	},
	{
		displayName: 'Retry Delay (Ms)',
		name: 'retryDelay',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 1000,
		description: 'Wait before the second attempt; each later wait doubles',
	},
];

export function optionsCollection(extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [...extra, ...retryOptions].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

export const returnAllOrLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];
