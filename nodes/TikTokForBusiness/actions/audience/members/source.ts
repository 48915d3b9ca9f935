import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	CustomerFileBuilder,
	TooManyFilesError,
	type CustomerFileBuilderOptions,
	type CustomerFileSummary,
} from '../../../customerFile/builder';
import { CustomerFileError, CustomerFileReader } from '../../../customerFile/stream';
import type { IdentifierType } from '../../../customerFile/types';
import { UPLOAD_FRAMING_ROOM } from '../../../transport';
import { MAX_FILE_PATHS, tooManyFiles } from './apply';
import { IDENTIFIER_FIELDS, readMemberSettings } from './properties';
import type { MemberUploads } from './upload';

// Reads an audience's members from the input items or from a customer file, and builds the
// hashed customer files, each uploaded as soon as it is complete.

// Large enough that reading costs little per chunk, small enough to hold any number of times.
const CHUNK_SIZE = 1024 * 1024;

function createBuilder(
	context: IExecuteFunctions,
	options: Omit<CustomerFileBuilderOptions, 'onFile' | 'maxFiles'>,
	itemIndex: number,
	uploads: MemberUploads,
): CustomerFileBuilder {
	try {
		const builder: CustomerFileBuilder = new CustomerFileBuilder({
			...options,
			onFile: (file) => uploads.accept(file, builder.calculateType),
			// Known as soon as a row would start file 501, so the run fails before any create or
			// update; files uploaded until then are used by no audience, which is harmless.
			maxFiles: MAX_FILE_PATHS,
		});
		return builder;
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error.message, {
			description:
				'Check "Default Country Code" (digits only, e.g. 1 or 44) and "Rows per File" under Options.',
			itemIndex,
		});
	}
}

function readPath(source: IDataObject, path: string): unknown {
	if (path in source) return source[path];
	let value: unknown = source;
	for (const key of path.split('.')) {
		if (typeof value !== 'object' || value === null) return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

/**
 * Feeds the rows in with `produce`, then closes the last file and waits for every upload. On a
 * failure, files not yet sent are dropped; a list that needs too many files gets its own error.
 */
async function build(
	context: IExecuteFunctions,
	itemIndex: number,
	uploads: MemberUploads,
	produce: () => Promise<CustomerFileBuilder>,
): Promise<CustomerFileSummary> {
	// Errors that are already the node's own, or the store's, propagate as they are.
	const builder = await produce().then(undefined, async (error: unknown) => {
		await uploads.finish(true);
		return await Promise.reject(
			error instanceof TooManyFilesError ? tooManyFiles(context, itemIndex) : error,
		);
	});
	const summary = builder.finish();
	await uploads.finish();
	return summary;
}

/** Builds and uploads customer files from the mapped fields of the items (one row per item). */
export async function buildFromItems(
	context: IExecuteFunctions,
	itemIndices: number[],
	fileNamePrefix: string,
	uploads: MemberUploads,
): Promise<CustomerFileSummary> {
	const firstItem = itemIndices[0];
	const mapping = context.getNodeParameter('identifierFields', firstItem, {}) as IDataObject;
	const fields = IDENTIFIER_FIELDS.filter(
		({ parameter }) =>
			typeof mapping[parameter] === 'string' && (mapping[parameter] as string).trim() !== '',
	).map(({ type, parameter }) => ({ type, path: (mapping[parameter] as string).trim() }));
	if (fields.length === 0) {
		throw new NodeOperationError(context.getNode(), 'No identifier field is set', {
			description:
				'Add at least one entry under "Identifier Fields" (e.g. Email Field = email) so the node knows which input fields hold the identifiers.',
			itemIndex: firstItem,
		});
	}
	const builder = createBuilder(
		context,
		{
			...readMemberSettings(context, firstItem),
			types: fields.map(({ type }) => type),
			fileNamePrefix,
			expectedRows: itemIndices.length,
			spareAround: UPLOAD_FRAMING_ROOM,
		},
		firstItem,
		uploads,
	);
	const items = context.getInputData();
	const values: unknown[] = new Array(fields.length);
	return await build(context, firstItem, uploads, async () => {
		for (const itemIndex of itemIndices) {
			const json = items[itemIndex].json;
			for (let column = 0; column < fields.length; column++) {
				values[column] = readPath(json, fields[column].path);
			}
			builder.addRow(values);
			if (uploads.waiting) {
				await uploads.room();
				if (uploads.checksFailedEverywhere) break;
			}
		}
		return builder;
	});
}

/**
 * The file's bytes in chunks: streamed from n8n's binary data store when the file lives there
 * (filesystem, database, S3), so it is never loaded whole; otherwise it is already in memory.
 */
async function* fileChunks(
	context: IExecuteFunctions,
	itemIndex: number,
	fieldName: string,
	binary: IBinaryData,
): AsyncGenerator<Buffer> {
	if (binary.id !== undefined && binary.id !== '') {
		const stream = await context.helpers.getBinaryStream(binary.id, CHUNK_SIZE);
		for await (const chunk of stream) yield chunk as Buffer;
		return;
	}
	const content = await context.helpers.getBinaryDataBuffer(itemIndex, fieldName);
	for (let start = 0; start < content.length; start += CHUNK_SIZE) {
		yield content.subarray(start, start + CHUNK_SIZE);
	}
}

/** Builds and uploads customer files from the CSV or TXT file of one item, read as a stream. */
export async function buildFromFile(
	context: IExecuteFunctions,
	itemIndex: number,
	fileNamePrefix: string,
	uploads: MemberUploads,
): Promise<CustomerFileSummary> {
	const fieldName = context.getNodeParameter('inputDataFieldName', itemIndex) as string;
	const available = Object.keys(context.getInputData()[itemIndex]?.binary ?? {});
	if (!available.includes(fieldName)) {
		throw new NodeOperationError(context.getNode(), `The item has no file in "${fieldName}"`, {
			description:
				available.length > 0
					? `The item carries files in: ${available.join(', ')}. Set "Input Data Field Name" to one of them.`
					: 'The item carries no file. Read or download the customer file in an earlier node (e.g. Read/Write Files from Disk, HTTP Request, Convert to File).',
			itemIndex,
		});
	}
	const binary = context.helpers.assertBinaryData(itemIndex, fieldName);
	const name = binary.fileName ?? '';
	if (name !== '' && !/\.(csv|txt)$/i.test(name)) {
		throw new NodeOperationError(context.getNode(), `"${name}" is not a CSV or TXT file`, {
			description:
				'TikTok customer files are CSV or TXT files with one identifier per line. Export the list as CSV first (e.g. with the Convert to File node).',
			itemIndex,
		});
	}
	const declared = context.getNodeParameter('fileIdentifierType', itemIndex) as string;
	// The builder needs the columns, which the file's first line gives.
	let builder: CustomerFileBuilder | undefined;
	const reader = new CustomerFileReader(
		declared === 'multiple' ? undefined : [declared as IdentifierType],
		({ types, md5DigestColumns }) => {
			builder = createBuilder(
				context,
				{
					...readMemberSettings(context, itemIndex),
					types,
					md5DigestColumns,
					fileNamePrefix,
					spareAround: UPLOAD_FRAMING_ROOM,
				},
				itemIndex,
				uploads,
			);
		},
		(row) => builder?.addRow(row),
	);
	// Problems with the file itself become clear errors; anything else (the store, the builder's
	// settings) propagates as it is.
	const read = async () => {
		for await (const chunk of fileChunks(context, itemIndex, fieldName, binary)) {
			reader.push(chunk);
			await uploads.room();
			if (uploads.checksFailedEverywhere) return;
		}
		reader.end();
	};
	return await build(context, itemIndex, uploads, async () => {
		await read().then(undefined, async (error: unknown) => {
			return await Promise.reject(
				error instanceof CustomerFileError
					? fileProblem(context, error, fieldName, itemIndex)
					: error,
			);
		});
		return builder as CustomerFileBuilder;
	});
}

function fileProblem(
	context: IExecuteFunctions,
	error: CustomerFileError,
	fieldName: string,
	itemIndex: number,
): NodeOperationError {
	switch (error.problem) {
		case 'empty':
			return new NodeOperationError(context.getNode(), `The file in "${fieldName}" is empty`, {
				description: 'The customer file has no rows. Check the step that produced it.',
				itemIndex,
			});
		case 'notText':
			return new NodeOperationError(
				context.getNode(),
				`The file in "${fieldName}" is not a text file`,
				{
					description:
						'TikTok customer files are CSV or TXT text files. Spreadsheets and PDFs must be converted to CSV first.',
					itemIndex,
				},
			);
		default:
			return new NodeOperationError(
				context.getNode(),
				`The customer file could not be read: ${error.message}`,
				{
					description:
						'For several identifier types, the first row must name each column: EMAIL, PHONE, IDFA, GAID or MAID (or their _SHA256 / _MD5 forms).',
					itemIndex,
				},
			);
	}
}
