import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { TikTokClient } from '../transport';
import * as advertiser from './advertiser/Advertiser.resource';
import * as audience from './audience/Audience.resource';
import type { TikTokForBusinessType } from './node.type';
import { runPerItem, type Operation } from './runner';

/** Finds the chosen resource's operation and runs it; one client serves the whole execution. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter<TikTokForBusinessType>('resource', 0);
	const operation = this.getNodeParameter('operation', 0);
	const tikTokForBusiness = { resource, operation } as TikTokForBusinessType;

	let selected: Operation | undefined;
	switch (tikTokForBusiness.resource) {
		case 'advertiser':
			selected = advertiser[tikTokForBusiness.operation];
			break;
		case 'audience':
			selected = audience[tikTokForBusiness.operation];
			break;
	}
	const client = TikTokClient.for(this);
	if (selected?.executeBatch) return [await selected.executeBatch.call(this, items, client)];
	const execute = selected?.execute;
	if (execute) {
		return [
			await runPerItem(this, client, async (itemIndex, itemClient) =>
				execute.call(this, itemIndex, itemClient),
			),
		];
	}
	throw new NodeOperationError(
		this.getNode(),
		`The operation "${operation}" is not supported for "${resource}"`,
	);
}
