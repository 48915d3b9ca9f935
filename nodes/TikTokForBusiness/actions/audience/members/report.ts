import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CustomerFileSummary } from '../../../customerFile';
import type { UploadedFile } from './uploads';

/** Where the members came from: the items' fields, or a customer file per item. */
export type MembersSource = 'items' | 'file';

/** The part of the output that reports what happened to the rows. */
export function membersReport(summary: CustomerFileSummary, files: UploadedFile[]): IDataObject {
	return {
		calculateType: summary.calculateType,
		rowsReceived: summary.rowsReceived,
		rowsUploaded: files.reduce((sum, file) => sum + file.rows, 0),
		rowsDropped: summary.rowsDropped,
		droppedByReason: { ...summary.droppedByReason },
		identifiersDropped: { ...summary.identifiersDropped },
		files: files.map((file) => ({ ...file })),
	};
}

/** Every row was dropped: nothing is created or changed, and the advice fits the source. */
export function noValidRows(
	node: INode,
	summary: CustomerFileSummary,
	source: MembersSource,
	outcome: 'created' | 'changed',
): NodeOperationError {
	const check =
		source === 'items'
			? 'Check that "Identifier Fields" name the input fields that hold the identifiers.'
			: 'Check that the file holds identifiers of the chosen "Identifier Type", or a header row naming its columns (such as EMAIL or PHONE), and that "Delimiter" fits the file.';
	return new NodeOperationError(node, 'No valid identifiers to upload', {
		description: `All ${summary.rowsReceived} rows were dropped (${JSON.stringify(summary.droppedByReason)}). ${check} The audience was not ${outcome}.`,
	});
}
