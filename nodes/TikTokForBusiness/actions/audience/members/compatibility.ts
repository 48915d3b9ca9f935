import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { MembersAction } from '../../../transport';
import type { UploadedFile } from './upload';

// dmp_custom_audience_create.yml and _update.yml: up to 500 file paths in one request. Sending
// them all at once keeps Create and Replace all-or-nothing; TikTok's advice of fewer than 50 is
// for stability, and a failed request is simply reported.
export const MAX_FILE_PATHS = 500;

/**
 * The error for a list that one request could not apply. Raised while the files are built and
 * uploaded, as soon as a row would start file 501: before any audience is created or changed.
 * The files uploaded until then belong to no audience, which is harmless.
 */
export function tooManyFiles(context: IExecuteFunctions, itemIndex: number): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`The list needs more than ${MAX_FILE_PATHS} files; TikTok takes at most ${MAX_FILE_PATHS} in one request`,
		{
			description: `Raise "Rows per File" under Options so the list fits in ${MAX_FILE_PATHS} files. The audience was not changed.`,
			itemIndex,
		},
	);
}

/** The part of an update request that changes the members: every uploaded file at once. */
export function membersChange(
	files: UploadedFile[],
	action: MembersAction,
): { file_paths: string[]; action: MembersAction } {
	return { file_paths: files.map((file) => file.filePath), action };
}

// dmp_custom_audience_file_upload.yml and FACTS: MAID_* is another name for FIRST_* (mixed mobile IDs).
const CALCULATE_TYPE_ALIASES: Readonly<Record<string, string>> = {
	MAID_SHA256: 'FIRST_SHA256',
	MAID_MD5: 'FIRST_MD5',
};

const sameCalculateType = (a: string, b: string) =>
	(CALCULATE_TYPE_ALIASES[a] ?? a) === (CALCULATE_TYPE_ALIASES[b] ?? b);

/** TikTok changes an audience only with files of its own type: checked before any upload. */
export function checkMembersFit(
	context: IExecuteFunctions,
	audience: IDataObject,
	calculateType: string,
	itemIndex: number,
): void {
	const audienceType = typeof audience.calculate_type === 'string' ? audience.calculate_type : '';
	if (audienceType === '' || sameCalculateType(audienceType, calculateType)) return;
	throw new NodeOperationError(
		context.getNode(),
		`The audience holds ${audienceType} identifiers, but these members would be ${calculateType}`,
		{
			description:
				'TikTok changes an audience only with files of the type it was created with. Use the same identifiers as at its creation (for MULTIPLE_TYPES, the same identifier fields or columns). Nothing was uploaded.',
			itemIndex,
		},
	);
}
