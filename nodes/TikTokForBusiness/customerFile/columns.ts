import { hashAlgorithmFor } from './identifiers';
import type { HashAlgorithm, IdentifierType, NormaliseOptions } from './types';

/**
 * TikTok's `calculate_type` of a customer file (dmp_custom_audience_file_upload.yml): the
 * identifier type and digest of its column, or MULTIPLE_TYPES for several columns.
 */
export type CalculateType =
	| 'EMAIL_SHA256'
	| 'PHONE_SHA256'
	| 'IDFA_SHA256'
	| 'IDFA_MD5'
	| 'GAID_SHA256'
	| 'GAID_MD5'
	| 'FIRST_SHA256'
	| 'FIRST_MD5'
	| 'MULTIPLE_TYPES';

const SINGLE_TYPE_CALCULATE_TYPES: Readonly<
	Record<IdentifierType, Readonly<Record<HashAlgorithm, CalculateType>>>
> = {
	email: { sha256: 'EMAIL_SHA256', md5: 'EMAIL_SHA256' },
	phone: { sha256: 'PHONE_SHA256', md5: 'PHONE_SHA256' },
	idfa: { sha256: 'IDFA_SHA256', md5: 'IDFA_MD5' },
	gaid: { sha256: 'GAID_SHA256', md5: 'GAID_MD5' },
	maid: { sha256: 'FIRST_SHA256', md5: 'FIRST_MD5' },
};

export const IDENTIFIER_TYPES: readonly IdentifierType[] = [
	'email',
	'phone',
	'idfa',
	'gaid',
	'maid',
];

/**
 * The `calculate_type` TikTok expects for a file with these columns: a single column has its own
 * type (mixed mobile IDs are FIRST_*), several columns are MULTIPLE_TYPES.
 */
export function calculateTypeFor(
	types: IdentifierType[],
	options: NormaliseOptions,
): CalculateType {
	if (types.length === 0) throw new Error('A customer file needs at least one identifier type');
	if (types.length > 1) return 'MULTIPLE_TYPES';
	const type = types[0];
	return SINGLE_TYPE_CALCULATE_TYPES[type][hashAlgorithmFor(type, options)];
}

// A header names the encryption type of its column. Mixed mobile IDs use the Help Center's MAID_*
// names, which the upload spec gives the same enum values as FIRST_* (6 and 7).
const COLUMN_HEADERS: Readonly<Record<IdentifierType, Readonly<Record<HashAlgorithm, string>>>> = {
	...SINGLE_TYPE_CALCULATE_TYPES,
	maid: { sha256: 'MAID_SHA256', md5: 'MAID_MD5' },
};

/**
 * The header of a column of this type: the `calculate_type` the column would be uploaded as on
 * its own, so a single-column file never names another type than the one sent with it.
 */
export function columnHeader(type: IdentifierType, options: NormaliseOptions): string {
	return COLUMN_HEADERS[type][hashAlgorithmFor(type, options)];
}
