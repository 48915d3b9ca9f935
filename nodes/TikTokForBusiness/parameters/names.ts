import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

// dmp_custom_audience_create.yml and _update.yml: custom_audience_name of 1 to 128 characters.
const MAX_NAME_LENGTH = 128;

/**
 * An audience name: trimmed, so that " Newsletter " and "Newsletter" are one audience, and 1 to
 * 128 characters as TikTok allows.
 */
export function checkAudienceName(
	context: IExecuteFunctions,
	raw: unknown,
	itemIndex: number,
	label = 'audience name',
): string {
	const name = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
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

/** Whether TikTok's name for an audience is `name`, padding aside (TikTok keeps what it was given). */
export function isNamed(audienceName: unknown, name: string): boolean {
	return typeof audienceName === 'string' && audienceName.trim() === name;
}
