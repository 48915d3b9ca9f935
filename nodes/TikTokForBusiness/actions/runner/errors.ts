import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

// What a failed item becomes: an error carrying its item index, or under Continue On Fail an
// output item that says why.

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

/** Outputs a failed run for its items under Continue On Fail; otherwise throws. */
export function failed(
	context: IExecuteFunctions,
	error: Error,
	pairedItem: IPairedItemData | IPairedItemData[],
	output: INodeExecutionData[],
): void {
	const first = Array.isArray(pairedItem) ? pairedItem[0] : pairedItem;
	if (!context.continueOnFail()) throw withItemIndex(context, error, first.item);
	output.push({ json: errorJson(error), pairedItem });
}
