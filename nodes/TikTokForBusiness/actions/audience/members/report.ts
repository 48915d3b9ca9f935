import type { IDataObject } from 'n8n-workflow';

import type { CustomerFileSummary } from '../../../customerFile/builder';
import type { UploadedFile } from './upload';

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
