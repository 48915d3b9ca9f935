import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	CustomerFileBuilder,
	TooManyFilesError,
	type CustomerFileBuilderOptions,
	type CustomerFileSummary,
} from '../../../customerFile';
import { AUDIENCE_LIMITS } from '../../../transport';
import { isFixedParameter } from '../../runner';
import { readMemberSettings, type MemberSettings } from './properties';
import type { MemberUploads } from './uploads';

// What building an audience's customer files takes, wherever the rows come from (fromItems.ts,
// fromFiles.ts): one set of settings, a builder that hands each file to the uploads, and an end
// that waits for every upload.

/** A row that would start file 501: one request could not apply the list. */
function tooManyFiles(context: IExecuteFunctions): NodeOperationError {
	const max = AUDIENCE_LIMITS.filePathsPerRequest;
	return new NodeOperationError(
		context.getNode(),
		`The list needs more than ${max} files; TikTok takes at most ${max} in one request`,
		{
			description: `Raise "Rows per File" under Options so the list fits in ${max} files. The audience was not changed.`,
		},
	);
}

/**
 * The member settings of items that form one audience. They are read once when Options holds no
 * expression; otherwise every item's must be the same, since one file is built for them all.
 */
export function readSharedSettings(
	context: IExecuteFunctions,
	itemIndices: number[],
): MemberSettings {
	const settings = readMemberSettings(context, itemIndices[0]);
	if (isFixedParameter(context, 'options')) return settings;
	const expected = JSON.stringify(settings);
	for (const itemIndex of itemIndices.slice(1)) {
		if (JSON.stringify(readMemberSettings(context, itemIndex)) === expected) continue;
		throw new NodeOperationError(
			context.getNode(),
			`Items ${itemIndices[0]} and ${itemIndex} form one audience but their Options differ`,
			{
				description:
					'The members of one audience are normalised and hashed alike. Give every item that names this audience the same Options (e.g. Default Country Code), or send them in separate runs.',
				itemIndex,
			},
		);
	}
	return settings;
}

export function createBuilder(
	context: IExecuteFunctions,
	options: Omit<CustomerFileBuilderOptions, 'onFile' | 'maxFiles'>,
	uploads: MemberUploads,
): CustomerFileBuilder {
	try {
		const builder: CustomerFileBuilder = new CustomerFileBuilder({
			...options,
			onFile: (file) => uploads.accept(file, builder.calculateType),
			// Known as soon as a row would start file 501, so the run fails before any create or
			// update; files uploaded until then are used by no audience, which is harmless.
			maxFiles: AUDIENCE_LIMITS.filePathsPerRequest,
		});
		return builder;
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, {
			description:
				'Check "Default Country Code" (digits only, e.g. 1 or 44) and "Rows per File" under Options.',
		});
	}
}

/**
 * Feeds the rows in with `produce`, then closes the last file and waits for every upload. On a
 * failure, files not yet sent are dropped; a list that needs too many files gets its own error.
 */
export async function build(
	context: IExecuteFunctions,
	uploads: MemberUploads,
	produce: () => Promise<CustomerFileBuilder>,
): Promise<CustomerFileSummary> {
	const builder = await produce().then(undefined, async (error: unknown) => {
		await uploads.finish(true);
		return await Promise.reject(error instanceof TooManyFilesError ? tooManyFiles(context) : error);
	});
	const summary = builder.finish();
	await uploads.finish();
	return summary;
}
