import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

const DIGITS = /^\d+$/;

/** Checks one TikTok ID (digits, kept as text): from a list entry, a locator or an expression. */
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

/** Reads a resource locator (or a plain field) holding one TikTok ID. */
export function readId(
	context: IExecuteFunctions,
	parameterName: string,
	itemIndex: number,
	label: string,
): string {
	const raw = context.getNodeParameter(parameterName, itemIndex, '', { extractValue: true });
	return checkId(context, raw, label, itemIndex);
}

/** The advertiser and audience most audience operations work on. */
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

/** The entries of an ID list given as an array, a number, or text separated by commas, semicolons, spaces or new lines. */
function splitIdList(raw: unknown): unknown[] {
	if (Array.isArray(raw)) return raw;
	if (typeof raw === 'number') return [raw];
	if (typeof raw !== 'string') return [];
	return raw.split(/[\s,;]+/).filter((part) => part !== '');
}

export interface IdListRule {
	/** What one ID is, e.g. "advertiser" or "ad group". */
	label: string;
	/** At least this many distinct IDs (default 1). */
	min?: number;
	/** At most this many distinct IDs. */
	max?: number;
}

/** Checks a list of TikTok IDs: each valid, repeats removed, within the count the rule allows. */
export function checkIdList(
	context: IExecuteFunctions,
	raw: unknown,
	{ label, min = 1, max }: IdListRule,
	itemIndex: number,
): string[] {
	const ids = [...new Set(splitIdList(raw).map((id) => checkId(context, id, label, itemIndex)))];
	if (ids.length >= min && (max === undefined || ids.length <= max)) return ids;
	const range = max === undefined ? `at least ${min}` : min === max ? `${min}` : `${min} to ${max}`;
	throw new NodeOperationError(
		context.getNode(),
		ids.length < min ? `No ${label} ID given` : `More than ${max} ${label} IDs given`,
		{ description: `Enter ${range} ${label} IDs, separated by commas.`, itemIndex },
	);
}

/** Reads a list of TikTok IDs from a text or list parameter (see `checkIdList`). */
export function readIdList(
	context: IExecuteFunctions,
	parameterName: string,
	itemIndex: number,
	rule: IdListRule,
): string[] {
	return checkIdList(context, context.getNodeParameter(parameterName, itemIndex, ''), rule, itemIndex);
}
