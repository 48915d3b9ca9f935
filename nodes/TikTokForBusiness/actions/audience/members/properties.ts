import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { CsvDelimiter, IdentifierType, NormaliseOptions } from '../../../customerFile';
import { readOptionalNumber } from '../../../parameters';

const DEFAULT_ROWS_PER_FILE = 500_000;

export const IDENTIFIER_FIELDS: Array<{ type: IdentifierType; parameter: string; label: string }> =
	[
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
					description:
						'Each input item carries a CSV or TXT file. Create makes an audience of each file; Update and Create or Update join the files of the items that name one audience.',
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
		withShow(
			{
				displayName: 'Delimiter',
				name: 'delimiter',
				type: 'options',
				options: [
					{
						name: 'Detect From Header Row',
						value: 'detect',
						description:
							'Comma, semicolon or tab, whichever splits the header row into identifier columns; comma for a file without one',
					},
					{ name: 'Comma', value: 'comma' },
					{
						name: 'Semicolon',
						value: ';',
						description: 'What Excel writes in many European locales',
					},
					{ name: 'Tab', value: 'tab' },
				],
				default: 'detect',
				description: 'What separates the columns of the file',
			},
			{ source: ['file'] },
		),
	];
}

const DELIMITERS: Readonly<Record<string, CsvDelimiter>> = {
	comma: ',',
	semicolon: ';',
	tab: '\t',
};

/** The file's delimiter, or undefined to detect it from the header row. */
export function readDelimiter(
	context: IExecuteFunctions,
	itemIndex: number,
): CsvDelimiter | undefined {
	const delimiter = context.getNodeParameter('delimiter', itemIndex, 'detect') as string;
	return Object.prototype.hasOwnProperty.call(DELIMITERS, delimiter)
		? DELIMITERS[delimiter]
		: undefined;
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
		default: false,
		description:
			"Whether phone numbers are hashed in E.164 form with the '+' (+15551234567) rather than as digits only (15551234567). Off by default: TikTok's customer-file help pages say to remove the '+', and the phone digest TikTok publishes is of the digits alone. Turn on only if TikTok asks you for the '+'.",
	},
	{
		displayName: "Remove '+Tag' From Emails",
		name: 'emailRemovePlusTag',
		type: 'boolean',
		default: true,
		description:
			"Whether a '+' in an e-mail address is removed with what follows it up to the '@' (jane+news@example.com becomes jane@example.com), as TikTok's List of Supported IDs and Formats for a Customer File asks. Turn off to hash addresses as given (trimmed and lower-cased). Dots are always kept.",
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
		description:
			'How IDFA and GAID values are hashed (e-mails and phones always use SHA-256). Values of 64 hex characters are kept as SHA-256 digests. Values of 32 hex characters are read as IDFAs or GAIDs written without hyphens and are hashed, so a raw ID is never uploaded; to upload MD5 digests instead, turn on "Mobile IDs Are MD5 Digests" or name the file\'s column IDFA_MD5, GAID_MD5 or MAID_MD5.',
	},
	{
		displayName: 'Mobile IDs Are MD5 Digests',
		name: 'mobileIdsAreMd5Digests',
		type: 'boolean',
		default: false,
		description:
			'Whether values of 32 hex characters in mobile ID fields are MD5 digests to upload as they are (use with Mobile ID Hash: MD5). When off they are IDFAs or GAIDs written without hyphens, and are hashed. Raw IDs with hyphens are hashed either way.',
	},
	{
		displayName: 'Remove Duplicate Rows',
		name: 'removeDuplicates',
		type: 'boolean',
		default: true,
		description:
			'Whether a row repeated in the list (same hashed identifiers) is uploaded once and counted under "duplicate". Finding repeats keeps about 11 bytes per distinct row in memory (about 210 MB for 20 million rows). Turn off for very large lists to keep memory flat; repeated rows are then uploaded as they come.',
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
	removeDuplicates: boolean;
}

export function readMemberSettings(context: IExecuteFunctions, itemIndex: number): MemberSettings {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const rowsPerFile = readOptionalNumber(
		context,
		options,
		'rowsPerFile',
		{ label: 'Rows per File', min: 1, integer: true, fallback: DEFAULT_ROWS_PER_FILE },
		itemIndex,
	);
	return {
		defaultCountryCode:
			typeof options.defaultCountryCode === 'string' ? options.defaultCountryCode : undefined,
		phoneIncludePlus: options.phoneIncludePlus === true,
		emailRemovePlusTag: options.emailRemovePlusTag !== false,
		mobileIdHash: options.mobileIdHash === 'md5' ? 'md5' : 'sha256',
		mobileIdsAreMd5Digests: options.mobileIdsAreMd5Digests === true,
		removeDuplicates: options.removeDuplicates !== false,
		rowsPerFile,
	};
}
