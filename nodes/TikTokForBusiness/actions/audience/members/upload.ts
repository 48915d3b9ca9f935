import type { IExecuteFunctions } from 'n8n-workflow';

import type { CustomerFileSummary } from '../../../customerFile/builder';
import { uploadCustomerFile, type TikTokClient } from '../../../transport';
import { extendError } from '../../runner';

export interface UploadedFile {
	filePath: string;
	fileName: string;
	rows: number;
	bytes: number;
	md5: string;
}

/** Uploads each customer file; on failure says which files went through. */
export async function uploadFiles(
	context: IExecuteFunctions,
	client: TikTokClient,
	advertiserId: string,
	summary: CustomerFileSummary,
): Promise<UploadedFile[]> {
	const uploaded: UploadedFile[] = [];
	for (const file of summary.files) {
		try {
			const filePath = await uploadCustomerFile(client, advertiserId, summary.calculateType, file);
			uploaded.push({
				filePath,
				fileName: file.fileName,
				rows: file.rows,
				bytes: file.content.length,
				md5: file.md5,
			});
		} catch (error) {
			const rowsUploaded = uploaded.reduce((sum, done) => sum + done.rows, 0);
			const names = uploaded.map((done) => done.fileName);
			const listed =
				names.length === 0
					? ''
					: `: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}`;
			throw extendError(
				context,
				error,
				`Uploaded ${uploaded.length} of ${summary.files.length} files (${rowsUploaded} of ${summary.rowsAccepted} rows)${listed} before ${file.fileName} failed; the audience was not changed.`,
				client.itemIndex ?? 0,
			);
		}
	}
	return uploaded;
}
