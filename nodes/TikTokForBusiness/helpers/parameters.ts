import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

const DIGITS = /^\d+$/;
const MAX_NAME_LENGTH = 128;

/** Reads a resource locator or ID list entry as a TikTok ID (digits, kept as a string). */
export function readId(
	context: IExecuteFunctions,
	parameterName: string,
	itemIndex: number,
	label: string,
): string {
	const raw = context.getNodeParameter(parameterName, itemIndex, '', { extractValue: true });
	return checkId(context, raw, label, itemIndex);
}

export function checkId(
	context: IExecuteFunctions,
	raw: unknown,
	label: string,
	itemIndex: number,
): string {
	const value = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	if (!DIGITS.test(value)) {
		throw new NodeOperationError(
			context.getNode(),
			`The ${label} ID "${String(raw ?? '')}" is not valid`,
			{
				description: `A TikTok ${label} ID contains digits only, e.g. 7012345678901234567. Pick it from the list or check the expression that provides it.`,
				itemIndex,
			},
		);
	}
	if (typeof raw === 'number' && !Number.isSafeInteger(raw)) {
		throw new NodeOperationError(
			context.getNode(),
			`The ${label} ID ${value} lost precision because it arrived as a number`,
			{
				description: `TikTok IDs are longer than JavaScript numbers hold exactly. Keep the ${label} ID as text where it comes from (for example, quote it in JSON).`,
				itemIndex,
			},
		);
	}
	return value;
}

/** The advertiser and audience an operation works on. */
export function readAudienceTarget(
	context: IExecuteFunctions,
	itemIndex: number,
	audienceLabel = 'audience',
): { advertiserId: string; audienceId: string } {
	return {
		advertiserId: readId(context, 'advertiserId', itemIndex, 'advertiser'),
		audienceId: readId(context, 'audienceId', itemIndex, audienceLabel),
	};
}

/** Splits a list of IDs given as an array or as text separated by commas, spaces or new lines. */
export function splitIds(raw: unknown): unknown[] {
	if (Array.isArray(raw)) return raw;
	if (typeof raw === 'number') return [raw];
	if (typeof raw !== 'string') return [];
	return raw
		.split(/[\s,;]+/)
		.map((part) => part.trim())
		.filter((part) => part !== '');
}

export function chunk<T>(values: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < values.length; start += size) {
		chunks.push(values.slice(start, start + size));
	}
	return chunks;
}

/** Checks an audience name: trimmed, 1 to 128 characters as TikTok allows. */
export function checkAudienceName(
	context: IExecuteFunctions,
	raw: unknown,
	itemIndex: number,
	label = 'audience name',
): string {
	const name = String(raw ?? '').trim();
	if (name !== '' && name.length <= MAX_NAME_LENGTH) return name;
	throw new NodeOperationError(
		context.getNode(),
		name === '' ? `The ${label} is empty` : `The ${label} is longer than 128 characters`,
		{ description: 'Give the audience a name of 1 to 128 characters.', itemIndex },
	);
}

export function readAudienceName(
	context: IExecuteFunctions,
	parameterName: string,
	itemIndex: number,
	label?: string,
): string {
	return checkAudienceName(
		context,
		context.getNodeParameter(parameterName, itemIndex, ''),
		itemIndex,
		label,
	);
}

/** How many results a Get Many operation returns: undefined for Return All, else its Limit. */
export function readLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return returnAll ? undefined : (context.getNodeParameter('limit', itemIndex, 50) as number);
}
