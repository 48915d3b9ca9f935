import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CustomerFileSummary } from '../../../customerFile/builder';
import { updateAudience, type MembersAction, type TikTokClient } from '../../../transport';
import type { UploadedFile } from './upload';

// dmp_custom_audience_create.yml and _update.yml: up to 500 file paths in one request. Sending
// them all at once keeps Create and Replace all-or-nothing; TikTok's advice of fewer than 50 is
// for stability, and a failed request is simply reported.
export const MAX_FILE_PATHS = 500;

/** Refuses, before anything is uploaded, a list that one request could not apply. */
export function checkFileCount(
	context: IExecuteFunctions,
	summary: CustomerFileSummary,
	itemIndex: number,
): void {
	if (summary.files.length <= MAX_FILE_PATHS) return;
	throw new NodeOperationError(
		context.getNode(),
		`The list needs ${summary.files.length} files; TikTok takes at most ${MAX_FILE_PATHS} in one request`,
		{
			description:
				'Raise "Rows per File" under Options so the list fits in 500 files. Nothing was uploaded.',
			itemIndex,
		},
	);
}

/** Changes an audience's members with all uploaded files in one request. */
export async function applyFilesToAudience(
	client: TikTokClient,
	advertiserId: string,
	audienceId: string,
	action: MembersAction,
	files: UploadedFile[],
): Promise<void> {
	await updateAudience(client, {
		advertiser_id: advertiserId,
		custom_audience_id: audienceId,
		file_paths: files.map((file) => file.filePath),
		action,
	});
}
