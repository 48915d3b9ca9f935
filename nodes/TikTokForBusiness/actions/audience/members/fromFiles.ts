import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	CustomerFileError,
	CustomerFileReader,
	type CustomerFileBuilder,
	type CustomerFileColumns,
	type CustomerFileSummary,
	type IdentifierType,
} from '../../../customerFile';
import { UPLOAD_FRAMING_ROOM } from '../../../transport';
import { build, createBuilder, readSharedSettings } from './building';
import { readDelimiter } from './properties';
import type { MemberUploads } from './uploads';

// Large enough that reading costs little per chunk, small enough to hold any number of times.
const CHUNK_SIZE = 1024 * 1024;

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

/** The item's customer file, checked to be there and to be a CSV or TXT file. */
function customerFileOf(context: IExecuteFunctions, itemIndex: number) {
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
	return { fieldName, binary, label: name !== '' ? `"${name}"` : `the file in "${fieldName}"` };
}

const sameColumns = (a: CustomerFileColumns, b: CustomerFileColumns) =>
	JSON.stringify([a.types, a.md5DigestColumns]) === JSON.stringify([b.types, b.md5DigestColumns]);

/**
 * Builds and uploads customer files from the CSV or TXT files of the items, read as streams one
 * after the other into one list: every file that names an audience adds its people to it, and
 * repeats across the files count once. Each file's own first row says its columns; they must be
 * the same in every file, since one list has one set of columns.
 */
export async function buildFromFiles(
	context: IExecuteFunctions,
	itemIndices: number[],
	fileNamePrefix: string,
	uploads: MemberUploads,
): Promise<CustomerFileSummary> {
	const settings = readSharedSettings(context, itemIndices);
	let builder: CustomerFileBuilder | undefined;
	let firstColumns: { columns: CustomerFileColumns; label: string } | undefined;
	return await build(context, uploads, async () => {
		for (const itemIndex of itemIndices) {
			const { fieldName, binary, label } = customerFileOf(context, itemIndex);
			const declared = context.getNodeParameter('fileIdentifierType', itemIndex) as string;
			const reader = new CustomerFileReader({
				declaredTypes: declared === 'multiple' ? undefined : [declared as IdentifierType],
				delimiter: readDelimiter(context, itemIndex),
				onColumns: (columns) => {
					if (firstColumns === undefined) {
						firstColumns = { columns, label };
						builder = createBuilder(
							context,
							{ ...settings, ...columns, fileNamePrefix, spareAround: UPLOAD_FRAMING_ROOM },
							uploads,
						);
					} else if (!sameColumns(columns, firstColumns.columns)) {
						throw differentColumns(context, itemIndex, firstColumns, { columns, label });
					}
				},
				onRow: (row) => builder?.addRow(row),
			});
			// Problems with the file itself become clear errors; anything else (the store, the
			// builder's settings) propagates as it is.
			const stopped = await readFile(
				reader,
				fileChunks(context, itemIndex, fieldName, binary),
				uploads,
			).then(
				undefined,
				async (error: unknown) =>
					await Promise.reject(
						error instanceof CustomerFileError
							? fileProblem(context, error, label, itemIndex)
							: error,
					),
			);
			if (stopped) break;
		}
		return builder as CustomerFileBuilder;
	});
}

/** Streams one file into the reader; true when every ad account's check failed, so building stops. */
async function readFile(
	reader: CustomerFileReader,
	chunks: AsyncIterable<Buffer>,
	uploads: MemberUploads,
): Promise<boolean> {
	for await (const chunk of chunks) {
		reader.push(chunk);
		await uploads.room();
		if (uploads.checksFailedEverywhere) return true;
	}
	reader.end();
	return false;
}

function differentColumns(
	context: IExecuteFunctions,
	itemIndex: number,
	first: { columns: CustomerFileColumns; label: string },
	other: { columns: CustomerFileColumns; label: string },
): NodeOperationError {
	const names = (columns: CustomerFileColumns) => columns.types.join(', ').toUpperCase();
	return new NodeOperationError(
		context.getNode(),
		`${other.label} has other columns (${names(other.columns)}) than ${first.label} (${names(first.columns)})`,
		{
			description:
				'Files that build one audience are joined into one list, which has one set of identifier columns. Give them the same columns, or send them to different audiences.',
			itemIndex,
		},
	);
}

function fileProblem(
	context: IExecuteFunctions,
	error: CustomerFileError,
	label: string,
	itemIndex: number,
): NodeOperationError {
	switch (error.problem) {
		case 'empty':
			return new NodeOperationError(context.getNode(), `${capitalised(label)} is empty`, {
				description: 'The customer file has no rows. Check the step that produced it.',
				itemIndex,
			});
		case 'notText':
			return new NodeOperationError(context.getNode(), `${capitalised(label)} is not a text file`, {
				description:
					'TikTok customer files are CSV or TXT text files. Spreadsheets and PDFs must be converted to CSV first.',
				itemIndex,
			});
		case 'noHeader':
			return new NodeOperationError(
				context.getNode(),
				`The customer file could not be read: ${error.message}`,
				{
					description:
						'For several identifier types, the first row must name each column: EMAIL, PHONE, IDFA, GAID or MAID (or their _SHA256 / _MD5 forms).',
					itemIndex,
				},
			);
		default:
			return new NodeOperationError(
				context.getNode(),
				`${capitalised(label)} could not be read: ${error.message}`,
				{
					description:
						'The file is not valid CSV: a quoted field must end with a quote before the file ends. Check the export, or choose the right "Delimiter".',
					itemIndex,
				},
			);
	}
}

function capitalised(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
