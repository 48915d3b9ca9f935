import type { INodeProperties } from 'n8n-workflow';

import {
	customApiCallOption,
	customApiCallProperties,
} from '../customApiCall/customApiCall.operation';

import * as applyToAdGroups from './applyToAdGroups.operation';
import * as cancelShare from './cancelShare.operation';
import * as create from './create.operation';
import * as createLookalike from './createLookalike.operation';
import * as del from './delete.operation';
import * as disconnectFromAdGroups from './disconnectFromAdGroups.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getApplyLog from './getApplyLog.operation';
import * as getShareLog from './getShareLog.operation';
import * as refreshLookalike from './refreshLookalike.operation';
import * as share from './share.operation';
import * as update from './update.operation';
import * as upsert from './upsert.operation';

export {
	applyToAdGroups,
	cancelShare,
	create,
	createLookalike,
	del as delete,
	disconnectFromAdGroups,
	get,
	getAll,
	getApplyLog,
	getShareLog,
	refreshLookalike,
	share,
	update,
	upsert,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['audience'] } },
		options: [
			{
				name: 'Apply to Ad Groups',
				value: 'applyToAdGroups',
				description: 'Target or exclude a custom audience in ad groups of the same advertiser',
				action: 'Apply audience to ad groups',
			},
			{
				name: 'Cancel Sharing',
				value: 'cancelShare',
				description: 'Stop sharing a custom audience with other ad accounts',
				action: 'Cancel sharing of an audience',
			},
			{
				name: 'Create',
				value: 'create',
				description:
					'Create a customer-file audience from identifiers (email, phone, mobile IDs) in all input items at once, or from a CSV file in each item; the node hashes raw values',
				action: 'Create an audience',
			},
			{
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Create or update an audience',
			},
			{
				name: 'Create Lookalike',
				value: 'createLookalike',
				description: 'Create an audience of people similar to an existing audience',
				action: 'Create a lookalike audience',
			},
			{
				name: 'Delete',
				value: 'delete',
				description:
					'Permanently delete custom audiences; ad groups using them lose this targeting (destructive)',
				action: 'Delete an audience',
			},
			{
				name: 'Disconnect From Ad Groups',
				value: 'disconnectFromAdGroups',
				description: 'Stop using a custom audience in ad groups',
				action: 'Disconnect audience from ad groups',
			},
			{
				name: 'Get',
				value: 'get',
				description:
					"Get a custom audience's details (size, validity, expiry) and its change history",
				action: 'Get an audience',
			},
			{
				name: 'Get Apply Log',
				value: 'getApplyLog',
				description: 'Get which ad groups a custom audience was applied to, and when',
				action: 'Get the apply log of an audience',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many custom audiences that an advertiser owns or that are shared with it',
				action: 'Get many audiences',
			},
			{
				name: 'Get Sharing Log',
				value: 'getShareLog',
				description: 'Get the ad accounts a custom audience was shared with',
				action: 'Get the sharing log of an audience',
			},
			{
				name: 'Refresh Lookalike',
				value: 'refreshLookalike',
				description: 'Ask TikTok to rebuild a lookalike audience from its source audience now',
				action: 'Refresh a lookalike audience',
			},
			{
				name: 'Share',
				value: 'share',
				description: 'Share a custom audience with other ad accounts of the same Business Center',
				action: 'Share an audience',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					'Add, remove or replace the people in a customer-file audience from all input items at once (or a CSV file per item), or rename it; Replace overwrites the members (destructive)',
				action: 'Update an audience',
			},
			{ ...customApiCallOption },
		],
		default: 'create',
	},
	...applyToAdGroups.description,
	...cancelShare.description,
	...create.description,
	...createLookalike.description,
	...del.description,
	...disconnectFromAdGroups.description,
	...get.description,
	...getAll.description,
	...getApplyLog.description,
	...getShareLog.description,
	...refreshLookalike.description,
	...share.description,
	...update.description,
	...upsert.description,
	...customApiCallProperties({ resource: ['audience'], operation: ['customApiCall'] }),
];
