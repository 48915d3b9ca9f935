// How an audience reads in pickers and outputs: its label, its key fields, and whether it is ready.
import type { IDataObject } from 'n8n-workflow';

/** Size, validity and expiry in a few words, e.g. "1,500 users · not ready · expires 2027-01-31". */
function audienceState(audience: IDataObject): string[] {
	const parts: string[] = [];
	if (audience.cover_num !== undefined && audience.cover_num !== null) {
		parts.push(`${Number(audience.cover_num).toLocaleString('en-US')} users`);
	}
	if (audience.is_valid === false) parts.push('not ready');
	if (audience.is_expiring === true) parts.push('expiring soon');
	if (typeof audience.expired_time === 'string' && audience.expired_time !== '') {
		parts.push(`expires ${audience.expired_time.slice(0, 10)}`);
	}
	if (audience.shared === true && audience.is_creator === false) parts.push('shared with you');
	return parts;
}

/** One line about an audience for pickers: type, size, validity, expiry and ID. */
export function describeAudience(audience: IDataObject): string {
	const type = typeof audience.audience_type === 'string' ? [audience.audience_type] : [];
	return [...type, ...audienceState(audience), `ID ${String(audience.audience_id ?? '')}`].join(
		' · ',
	);
}

/**
 * The picker's label. The editor shows only the name of a list entry, so the size and readiness
 * that people choose by go into it: "Newsletter subscribers (1,500 users · not ready)".
 */
export function audienceLabel(audience: IDataObject): string {
	const name = String(audience.name ?? '') || String(audience.audience_id ?? '');
	const state = audienceState(audience);
	return state.length > 0 ? `${name} (${state.join(' · ')})` : name;
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

export type AudienceStatus = 'processing' | 'ready' | 'too small' | 'expiring' | 'failed';

const MINIMUM_AUDIENCE_SIZE = 1000;

/**
 * Whether an audience can be used, in one word, from what TikTok reports: `is_valid`,
 * `cover_num` (matched people), `is_expiring` and its messages. TikTok needs at least 1,000
 * matched people and 24-48 hours of matching after a change.
 */
export function audienceStatus(audience: IDataObject): { status: AudienceStatus; message: string } {
	const tikTokMessage = [audience.error_msg, audience.msg]
		.filter((text): text is string => typeof text === 'string' && text.trim() !== '')
		.join(' ');
	if (typeof audience.error_msg === 'string' && audience.error_msg.trim() !== '') {
		return { status: 'failed', message: tikTokMessage };
	}
	const matched = Number(audience.cover_num ?? 0);
	if (audience.is_valid === true) {
		return audience.is_expiring === true
			? {
					status: 'expiring',
					message: tikTokMessage || 'Expires within 60 days unless used or changed',
				}
			: { status: 'ready', message: tikTokMessage };
	}
	if (matched > 0 && matched < MINIMUM_AUDIENCE_SIZE) {
		return {
			status: 'too small',
			message: tikTokMessage || `${matched} people matched; TikTok needs at least 1,000`,
		};
	}
	return { status: 'processing', message: tikTokMessage || 'TikTok is matching the audience' };
}
