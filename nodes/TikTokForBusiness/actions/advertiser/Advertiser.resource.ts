import type { INodeProperties } from 'n8n-workflow';

import {
	customApiCallOption,
	customApiCallProperties,
} from '../customApiCall/customApiCall.operation';

import * as get from './get.operation';
import * as getAll from './getAll.operation';

export { get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['advertiser'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description:
					"Get an ad account's details (name, status, currency, time zone, balance, …); reads many ad accounts in few requests",
				action: 'Get an advertiser',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					'Get many ad accounts that authorized this app (in the sandbox: the sandbox ad account)',
				action: 'Get many advertisers',
			},
			{ ...customApiCallOption },
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
	...customApiCallProperties({ resource: ['advertiser'], operation: ['customApiCall'] }),
];
