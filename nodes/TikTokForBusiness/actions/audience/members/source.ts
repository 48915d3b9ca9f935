import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	CustomerFileBuilder,
	type CustomerFileBuilderOptions,
	type CustomerFileSummary,
} from '../../../customerFile/builder';
import { parseCustomerFile } from '../../../customerFile/parse';
import type { IdentifierType } from '../../../customerFile/types';
import { UPLOAD_FRAMING_ROOM } from '../../../transport';
import { IDENTIFIER_FIELDS, readMemberSettings } from './properties';

// Reads an audience's members from the input items or from a customer file, and builds the
// hashed customer files to upload.

// Bytes that no CSV or TXT file contains: NUL, and the start of ZIP (xlsx) and PDF files.
const BINARY_SIGNATURES = [Buffer.from('PK\u0003\u0004'), Buffer.from('%PDF')];

function createBuilder(
	context: IExecuteFunctions,
	options: CustomerFileBuilderOptions,
	itemIndex: number,
): CustomerFileBuilder {
	try {
		return new CustomerFileBuilder(options);
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

/** Builds customer files from the mapped fields of the given items (one row per item). */
export function buildFromItems(
	context: IExecuteFunctions,
	itemIndices: number[],
	fileNamePrefix: string,
): CustomerFileSummary {
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
	);
	const items = context.getInputData();
	const values: unknown[] = new Array(fields.length);
	for (const itemIndex of itemIndices) {
		const json = items[itemIndex].json;
		for (let column = 0; column < fields.length; column++) {
			values[column] = readPath(json, fields[column].path);
		}
		builder.addRow(values);
	}
	return builder.finish();
}

function looksBinary(content: Buffer): boolean {
	if (
		BINARY_SIGNATURES.some((signature) => content.subarray(0, signature.length).equals(signature))
	) {
		return true;
	}
	return content.subarray(0, 4096).includes(0);
}

/** Builds customer files from the CSV or TXT file that one item carries. */
export async function buildFromFile(
	context: IExecuteFunctions,
	itemIndex: number,
	fileNamePrefix: string,
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
	const content = await context.helpers.getBinaryDataBuffer(itemIndex, fieldName);
	if (content.length === 0) {
		throw new NodeOperationError(context.getNode(), `The file in "${fieldName}" is empty`, {
			description: 'The customer file has no rows. Check the step that produced it.',
			itemIndex,
		});
	}
	if (looksBinary(content)) {
		throw new NodeOperationError(
			context.getNode(),
			`The file in "${fieldName}" is not a text file`,
			{
				description:
					'TikTok customer files are CSV or TXT text files. Spreadsheets and PDFs must be converted to CSV first.',
				itemIndex,
			},
		);
	}
	const declared = context.getNodeParameter('fileIdentifierType', itemIndex) as string;
	let parsed: ReturnType<typeof parseCustomerFile>;
	try {
		parsed = parseCustomerFile(
			content,
			declared === 'multiple' ? undefined : [declared as IdentifierType],
		);
	} catch (error) {
		throw new NodeOperationError(
			context.getNode(),
			`The customer file could not be read: ${error.message}`,
			{
				description:
					'For several identifier types, the first row must name each column: EMAIL, PHONE, IDFA, GAID or MAID (or their _SHA256 / _MD5 forms).',
				itemIndex,
			},
		);
	}
	const builder = createBuilder(
		context,
		{
			...readMemberSettings(context, itemIndex),
			types: parsed.types,
			md5DigestColumns: parsed.md5DigestColumns,
			fileNamePrefix,
			expectedRows: parsed.rows.length,
			spareAround: UPLOAD_FRAMING_ROOM,
		},
		itemIndex,
	);
	for (const row of parsed.rows) builder.addRow(row);
	return builder.finish();
}
