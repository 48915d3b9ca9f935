import { chunk } from '../../../helpers/parameters';
import { updateAudience, type MembersAction, type TikTokClient } from '../../../transport';
import type { UploadedFile } from './upload';

// TikTok accepts up to 500 file paths per request but recommends fewer than 50.
export const FILE_PATHS_PER_REQUEST = 50;

/**
 * Changes an audience's members with uploaded files, at most 50 file paths per request: a REPLACE
 * sends the first batch as REPLACE and the rest as APPEND, so the result is the whole upload.
 */
export async function applyFilesToAudience(
	client: TikTokClient,
	advertiserId: string,
	audienceId: string,
	action: MembersAction,
	files: UploadedFile[],
): Promise<void> {
	const batches = chunk(
		files.map((file) => file.filePath),
		FILE_PATHS_PER_REQUEST,
	);
	for (let batch = 0; batch < batches.length; batch++) {
		await updateAudience(client, {
			advertiser_id: advertiserId,
			custom_audience_id: audienceId,
			file_paths: batches[batch],
			action: action === 'REPLACE' && batch > 0 ? 'APPEND' : action,
		});
	}
}
