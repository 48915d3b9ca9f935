import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
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

/** The error as n8n shows it for an item: the node's own error type, with the item's index. */
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

/** The same error with a sentence added to its message or description, e.g. how far a run got. */
export function extendError(
	context: IExecuteFunctions,
	error: Error,
	addition: { message?: string; description?: string },
): NodeApiError | NodeOperationError {
	const message = addition.message ? `${error.message} ${addition.message}` : error.message;
	const known = error instanceof NodeApiError || error instanceof NodeOperationError;
	const advice = known ? (error.description ?? '') : '';
	const description =
		[advice, addition.description].filter((part) => part !== undefined && part !== '').join(' ') ||
		undefined;
	const itemIndex = known ? (error.context.itemIndex as number | undefined) : undefined;
	if (error instanceof NodeApiError) {
		return new NodeApiError(context.getNode(), (error.errorResponse ?? {}) as JsonObject, {
			message,
			description,
			httpCode: error.httpCode ?? undefined,
			itemIndex,
		});
	}
	return new NodeOperationError(context.getNode(), message, { description, itemIndex });
}
