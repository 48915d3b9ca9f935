import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export interface NumberRule {
	/** The field's name as the editor shows it, e.g. "Wait Until Ready (Minutes)". */
	label: string;
	min: number;
	max?: number;
	/** Whether only whole numbers are allowed. */
	integer?: boolean;
}

/**
 * A number field's value. Expressions may give text ("5"), NaN or Infinity, which the editor's
 * bounds never see: numeric text is read as its number, anything else, or a number out of the
 * field's bounds, fails the item with a message naming the field.
 */
export function checkNumber(
	context: IExecuteFunctions,
	raw: unknown,
	{ label, min, max, integer = false }: NumberRule,
	itemIndex: number,
): number {
	const value =
		typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
	const inBounds = value >= min && (max === undefined || value <= max);
	if (Number.isFinite(value) && inBounds && (!integer || Number.isInteger(value))) return value;
	const bounds = max === undefined ? `${min} or more` : `from ${min} to ${max}`;
	const given = typeof raw === 'string' ? JSON.stringify(raw) : String(raw);
	throw new NodeOperationError(
		context.getNode(),
		`"${label}" must be ${integer ? 'a whole number' : 'a number'} ${bounds}, not ${given}`,
		{
			description: `Check "${label}": a fixed value, or an expression that gives a number ${bounds}.`,
			itemIndex,
		},
	);
}

/** An optional number in a collection (e.g. Options): `fallback` when it was not added. */
export function readOptionalNumber(
	context: IExecuteFunctions,
	collection: Record<string, unknown>,
	name: string,
	rule: NumberRule & { fallback: number },
	itemIndex: number,
): number {
	const raw = collection[name];
	return raw === undefined ? rule.fallback : checkNumber(context, raw, rule, itemIndex);
}

/** How many results a Get Many operation returns: undefined for Return All, else its Limit. */
export function readLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false);
	if (returnAll === true) return undefined;
	const limit = context.getNodeParameter('limit', itemIndex, 50);
	return checkNumber(context, limit, { label: 'Limit', min: 1, integer: true }, itemIndex);
}
