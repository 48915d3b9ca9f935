import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as advertiser from './advertiser/Advertiser.resource';
import * as audience from './audience/Audience.resource';
import type { TikTokForBusinessType } from './node.type';

export type ItemResult = IDataObject | IDataObject[];

export interface Operation {
	/** Runs the operation for one input item. */
	execute?: (this: IExecuteFunctions, itemIndex: number) => Promise<ItemResult>;
	/** Runs the operation for all input items at once, to batch API calls across them. */
	executeBatch?: (
		this: IExecuteFunctions,
		items: INodeExecutionData[],
	) => Promise<INodeExecutionData[]>;
}

/** What a failed item outputs under Continue On Fail: the reason, never request details. */
export function errorJson(error: Error): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.description) json.description = error.description;
	}
	if (error instanceof NodeApiError) {
		const response = (error.errorResponse ?? {}) as IDataObject;
		if (response.code !== undefined && response.code !== null) json.code = response.code;
		if (response.request_id) json.requestId = response.request_id;
	}
	return json;
}

export function withItemIndex(
	context: IExecuteFunctions,
	error: Error,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), error, { itemIndex });
}

/** The same error with a sentence added to its message, e.g. how far an upload got. */
export function extendError(
	context: IExecuteFunctions,
	error: Error,
	addition: string,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const message = `${error.message} ${addition}`;
	if (error instanceof NodeApiError) {
		return new NodeApiError(context.getNode(), (error.errorResponse ?? {}) as JsonObject, {
			message,
			description: error.description ?? undefined,
			httpCode: error.httpCode ?? undefined,
			itemIndex,
		});
	}
	const description =
		error instanceof NodeOperationError ? (error.description ?? undefined) : undefined;
	return new NodeOperationError(context.getNode(), message, { description, itemIndex });
}

/** Runs `run` once per item: pairs each output with its item, and applies Continue On Fail. */
export async function forEachItem(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: (this: IExecuteFunctions, itemIndex: number) => Promise<ItemResult>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await run.call(this, itemIndex);
			output.push(
				...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(result), {
					itemData: { item: itemIndex },
				}),
			);
		} catch (error) {
			if (!this.continueOnFail()) throw withItemIndex(this, error, itemIndex);
			output.push({ json: errorJson(error), pairedItem: { item: itemIndex } });
		}
	}
	return output;
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter<TikTokForBusinessType>('resource', 0);
	const operation = this.getNodeParameter('operation', 0);
	const tikTokForBusiness = {
		resource,
		operation,
	} as TikTokForBusinessType;

	let selected: Operation | undefined;
	switch (tikTokForBusiness.resource) {
		case 'advertiser':
			selected = advertiser[tikTokForBusiness.operation];
			break;
		case 'audience':
			selected = audience[tikTokForBusiness.operation];
			break;
	}
	if (selected?.executeBatch) return [await selected.executeBatch.call(this, items)];
	if (selected?.execute) return [await forEachItem.call(this, items, selected.execute)];
	throw new NodeOperationError(
		this.getNode(),
		`The operation "${operation}" is not supported for "${resource}"`,
	);
}
