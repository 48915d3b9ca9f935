import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

// Which audiences a customer file can change: TikTok changes only customer-file audiences, only
// those the ad account owns (a shared-in audience is the owner's), and only with files of the
// type the audience was created with.

/** Whether the ad account owns the audience (the list's `is_creator`; shared-in ones are not). */
export function isOwned(audience: IDataObject): boolean {
	return audience.is_creator !== false;
}

/** Whether the audience is built from customer files (not a lookalike, rule or partner audience). */
export function takesCustomerFiles(audience: IDataObject): boolean {
	const type = audience.audience_type;
	if (typeof type === 'string' && type !== '') return /customer file/i.test(type);
	return typeof audience.calculate_type === 'string' && audience.calculate_type !== '';
}

// dmp_custom_audience_file_upload.yml and FACTS: MAID_* is another name for FIRST_* (mixed mobile IDs).
const CALCULATE_TYPE_ALIASES: Readonly<Record<string, string>> = {
	MAID_SHA256: 'FIRST_SHA256',
	MAID_MD5: 'FIRST_MD5',
};

const sameCalculateType = (a: string, b: string) =>
	(CALCULATE_TYPE_ALIASES[a] ?? a) === (CALCULATE_TYPE_ALIASES[b] ?? b);

/**
 * Whether these files may change the audience at all: checked before any upload, since TikTok
 * would take the files and refuse the change only afterwards.
 */
export function checkTakesFiles(node: INode, audience: IDataObject): void {
	const id = String(audience.audience_id ?? '');
	if (!isOwned(audience)) {
		throw new NodeOperationError(
			node,
			`Audience ${id} is shared with this ad account, not owned by it`,
			{
				description:
					'Only the ad account that owns an audience can change its members. Change it in the owner ad account, or create an audience of your own. Nothing was uploaded.',
			},
		);
	}
	if (!takesCustomerFiles(audience)) {
		const type =
			typeof audience.audience_type === 'string' ? audience.audience_type : 'another kind';
		throw new NodeOperationError(
			node,
			`Audience ${id} is a ${type}, not a customer-file audience`,
			{
				description:
					'Only customer-file audiences take members from files or items. Pick a customer-file audience, or create one. Nothing was uploaded.',
			},
		);
	}
}

/** TikTok changes an audience only with files of its own type: checked before any upload. */
export function checkMembersFit(node: INode, audience: IDataObject, calculateType: string): void {
	const audienceType = typeof audience.calculate_type === 'string' ? audience.calculate_type : '';
	if (audienceType === '' || sameCalculateType(audienceType, calculateType)) return;
	throw new NodeOperationError(
		node,
		`The audience holds ${audienceType} identifiers, but these members would be ${calculateType}`,
		{
			description:
				'TikTok changes an audience only with files of the type it was created with. Use the same identifiers as at its creation (for MULTIPLE_TYPES, the same identifier fields or columns). Nothing was uploaded.',
		},
	);
}
