import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	advertiserLocator,
	audienceLocator,
	optionsCollection,
} from '../../descriptions/common.descriptions';
import { readId } from '../../helpers/parameters';
import { getConnection } from '../../transport';
import type { ItemResult } from '../router';
import { readShareLog } from './sharing';

const properties: INodeProperties[] = [advertiserLocator, audienceLocator, optionsCollection()];

const displayOptions = { show: { resource: ['audience'], operation: ['getShareLog'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const connection = await getConnection.call(this, itemIndex);
	const advertiserId = readId(this, 'advertiserId', itemIndex, 'advertiser');
	const audienceId = readId(this, 'audienceId', itemIndex, 'audience');
	const log = await readShareLog(this, connection, advertiserId, audienceId, itemIndex);
	return log.entries;
}
