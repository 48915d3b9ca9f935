import type { IDataObject } from 'n8n-workflow';

/** One line about an audience for pickers: size, validity and expiry. */
export function describeAudience(audience: IDataObject): string {
	const parts: string[] = [];
	if (typeof audience.audience_type === 'string') parts.push(audience.audience_type);
	if (audience.cover_num !== undefined && audience.cover_num !== null) {
		parts.push(`${Number(audience.cover_num).toLocaleString('en-US')} users`);
	}
	if (audience.is_valid === false) parts.push('not ready');
	if (audience.is_expiring === true) parts.push('expiring soon');
	if (typeof audience.expired_time === 'string' && audience.expired_time !== '') {
		parts.push(`expires ${audience.expired_time.slice(0, 10)}`);
	}
	if (audience.shared === true && audience.is_creator === false) parts.push('shared with you');
	return `${parts.join(' · ')} · ID ${String(audience.audience_id ?? '')}`;
}

const SIMPLIFIED_AUDIENCE_FIELDS = [
	'audience_id',
	'name',
	'audience_type',
	'calculate_type',
	'cover_num',
	'is_valid',
	'is_expiring',
	'shared',
	'is_creator',
	'create_time',
	'expired_time',
];

/** The fields people look at first: identity, size, readiness and expiry. */
export function simplifyAudience(audience: IDataObject): IDataObject {
	const simplified: IDataObject = {};
	for (const field of SIMPLIFIED_AUDIENCE_FIELDS) {
		if (field in audience) simplified[field] = audience[field];
	}
	return simplified;
}
