import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	CustomerFileBuilder,
	parseCustomerFile,
	type CustomerFile,
	type CustomerFileBuilderOptions,
	type CustomerFileSummary,
} from '../../helpers/customerFile';
import type { IdentifierType, NormaliseOptions } from '../../helpers/identifiers';
import { multipartFrame } from '../../helpers/multipart';
import { tikTokApiRequest, type Connection } from '../../transport';
import { extendError } from '../router';

// TikTok accepts up to 500 file paths per request but recommends fewer than 50.
export const FILE_PATHS_PER_REQUEST = 50;
const DEFAULT_ROWS_PER_FILE = 500_000;
// Room kept around each customer file for the multipart framing of its upload.
const MULTIPART_ROOM = 2048;
// Bytes that no CSV or TXT file contains: NUL, and the start of ZIP (xlsx) and PDF files.
const BINARY_SIGNATURES = [Buffer.from('PK\u0003\u0004'), Buffer.from('%PDF')];

const IDENTIFIER_FIELDS: Array<{ type: IdentifierType; parameter: string; label: string }> = [
	{ type: 'email', parameter: 'emailField', label: 'Email Field' },
	{ type: 'phone', parameter: 'phoneField', label: 'Phone Field' },
	{ type: 'idfa', parameter: 'idfaField', label: 'IDFA Field' },
	{ type: 'gaid', parameter: 'gaidField', label: 'GAID Field' },
	{ type: 'maid', parameter: 'maidField', label: 'Mobile Advertising ID Field' },
];

const FILE_IDENTIFIER_TYPES = [
	{ name: 'Email', value: 'email' },
	{ name: 'GAID (Android)', value: 'gaid' },
	{ name: 'IDFA (Apple)', value: 'idfa' },
	{ name: 'Mobile Advertising ID (IDFA or GAID)', value: 'maid' },
	{ name: 'Multiple Types (Header Row Names the Columns)', value: 'multiple' },
	{ name: 'Phone', value: 'phone' },
];

/** Parameters that say where an audience's members come from (Create and Update). */
export function membersSourceProperties(showFor: Record<string, string[]> = {}): INodeProperties[] {
	const withShow = (
		property: INodeProperties,
		extra: Record<string, string[]> = {},
	): INodeProperties => ({
		...property,
		displayOptions: { show: { ...showFor, ...extra } },
	});
	return [
		withShow({
			displayName: 'Members From',
			name: 'source',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Input Items',
					value: 'items',
					description:
						'All input items together form one customer file (the node runs once for all items)',
				},
				{
					name: 'Customer File',
					value: 'file',
					description: 'Each input item carries a CSV or TXT file (the node runs once per item)',
				},
			],
			default: 'items',
		}),
		withShow(
			{
				displayName: 'Identifier Fields',
				name: 'identifierFields',
				type: 'collection',
				placeholder: 'Add Identifier Field',
				default: { emailField: 'email' },
				description:
					'Names of the input fields that hold each identifier (dot notation for nested fields). Raw values are normalised and SHA-256 hashed; values that are already hashed are kept.',
				options: IDENTIFIER_FIELDS.map(({ parameter, label, type }) => ({
					displayName: label,
					name: parameter,
					type: 'string',
					requiresDataPath: 'single',
					default: type,
					placeholder: `e.g. ${type === 'email' ? 'contact.email' : type}`,
				})),
			},
			{ source: ['items'] },
		),
		withShow(
			{
				displayName: 'Input Data Field Name',
				name: 'inputDataFieldName',
				type: 'string',
				default: 'data',
				required: true,
				hint: 'The name of the input field containing the binary file data to be processed',
				description:
					'Find the name of the input field containing the binary data in the Binary tab of the previous node. The file must be a CSV or TXT file with one identifier per line.',
			},
			{ source: ['file'] },
		),
		withShow(
			{
				displayName: 'Identifier Type',
				name: 'fileIdentifierType',
				type: 'options',
				options: FILE_IDENTIFIER_TYPES,
				default: 'email',
				description:
					'What the file contains. Raw values are normalised and hashed; hashed values are kept. For several types, the first row must name each column (e.g. EMAIL, PHONE, MAID).',
			},
			{ source: ['file'] },
		),
	];
}

/** Options that shape how members are normalised, hashed and split into files. */
export const memberOptions: INodeProperties[] = [
	{
		displayName: 'Default Country Code',
		name: 'defaultCountryCode',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1 or 44',
		description:
			'Country calling code added to phone numbers written without one (leading zeros are removed first). Leave empty when every number starts with + or 00.',
	},
	{
		displayName: "Include '+' in Phone Numbers",
		name: 'phoneIncludePlus',
		type: 'boolean',
		default: true,
		description:
			"Whether phone numbers are hashed in E.164 form with the '+' (+15551234567) or without it (15551234567)",
	},
	{
		displayName: 'Mobile ID Hash',
		name: 'mobileIdHash',
		type: 'options',
		options: [
			{ name: 'SHA-256', value: 'sha256' },
			{ name: 'MD5', value: 'md5' },
		],
		default: 'sha256',
		description: 'How IDFA and GAID values are hashed (e-mails and phones always use SHA-256)',
	},
	{
		displayName: 'Rows per File',
		name: 'rowsPerFile',
		type: 'number',
		typeOptions: { minValue: 1000 },
		default: DEFAULT_ROWS_PER_FILE,
		description:
			'Large lists are uploaded as several files of at most this many rows (TikTok accepts files under 1 GB)',
	},
];

export interface MemberSettings extends NormaliseOptions {
	rowsPerFile: number;
}

export function readMemberSettings(context: IExecuteFunctions, itemIndex: number): MemberSettings {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		defaultCountryCode:
			typeof options.defaultCountryCode === 'string' ? options.defaultCountryCode : undefined,
		phoneIncludePlus: options.phoneIncludePlus !== false,
		mobileIdHash: options.mobileIdHash === 'md5' ? 'md5' : 'sha256',
		rowsPerFile:
			typeof options.rowsPerFile === 'number' && options.rowsPerFile >= 1
				? Math.floor(options.rowsPerFile)
				: DEFAULT_ROWS_PER_FILE,
	};
}

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
			spareAround: MULTIPART_ROOM,
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
			fileNamePrefix,
			expectedRows: parsed.rows.length,
			spareAround: MULTIPART_ROOM,
		},
		itemIndex,
	);
	for (const row of parsed.rows) builder.addRow(row);
	return builder.finish();
}

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
	connection: Connection,
	advertiserId: string,
	summary: CustomerFileSummary,
	itemIndex: number,
): Promise<UploadedFile[]> {
	const uploaded: UploadedFile[] = [];
	for (const file of summary.files) {
		try {
			uploaded.push(await uploadFile(context, connection, advertiserId, summary, file, itemIndex));
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
				itemIndex,
			);
		}
	}
	return uploaded;
}

async function uploadFile(
	context: IExecuteFunctions,
	connection: Connection,
	advertiserId: string,
	summary: CustomerFileSummary,
	file: CustomerFile,
	itemIndex: number,
): Promise<UploadedFile> {
	const frame = multipartFrame(
		{
			advertiser_id: advertiserId,
			calculate_type: summary.calculateType,
			file_signature: file.md5,
		},
		{ field: 'file', fileName: file.fileName, contentType: 'text/csv' },
	);
	const data = await tikTokApiRequest.call(context, {
		method: 'POST',
		endpoint: '/dmp/custom_audience/file/upload/',
		rawBody: { data: file.wrap(frame.before, frame.after), contentType: frame.contentType },
		itemIndex,
		connection,
		// A second stored copy of the file changes no audience: resending is safe.
		idempotent: true,
		aboutAudience: true,
	});
	return {
		filePath: String(data.file_path),
		fileName: file.fileName,
		rows: file.rows,
		bytes: file.content.length,
		md5: file.md5,
	};
}

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
