import { createHash, hash } from 'crypto';

import * as characters from './characters';
import { normaliseTrimmedPhone } from './phone';
import type {
	DroppedIdentifier,
	DropReason,
	HashAlgorithm,
	IdentifierType,
	NormaliseOptions,
	PreparedIdentifier,
} from './types';

// Read once: some loaders (tsx) turn imported bindings into getters, too slow per character.
const { CHAR_DOT, CHAR_HYPHEN, CHAR_LOWER_A, CHAR_LOWER_Z, isDigit, isHexDigit, isText } =
	characters;

export { isText } from './characters';
export { normaliseCountryCode, normalisePhone } from './phone';

const MAX_IDENTIFIER_LENGTH = 512;
const SHA256_HEX_LENGTH = 64;
const MD5_HEX_LENGTH = 32;

const WHITESPACE = /[\s\u200b-\u200d\u2060]/;
const WHITESPACE_RUN = /[\s\u200b-\u200d\u2060]+/;
const LETTER_OR_DIGIT_AT_START = /^[\p{L}\p{N}]/u;
const ALL_ZERO_UUID = '00000000-0000-0000-0000-000000000000';

// One-shot crypto.hash (Node 20.12+) is about three times faster than createHash per short value.
const hexDigest: (algorithm: HashAlgorithm, data: string) => string =
	typeof hash === 'function'
		? (algorithm, data) => hash(algorithm, data, 'hex')
		: (algorithm, data) => createHash(algorithm).update(data).digest('hex');

// Shared, frozen results: a drop carries no per-value data, so there is nothing to allocate.
const DROPPED: Readonly<Record<DropReason, DroppedIdentifier>> = Object.freeze({
	blank: Object.freeze({ ok: false, reason: 'blank' }),
	notText: Object.freeze({ ok: false, reason: 'notText' }),
	invalidEncoding: Object.freeze({ ok: false, reason: 'invalidEncoding' }),
	tooLong: Object.freeze({ ok: false, reason: 'tooLong' }),
	invalidEmail: Object.freeze({ ok: false, reason: 'invalidEmail' }),
	invalidPhone: Object.freeze({ ok: false, reason: 'invalidPhone' }),
	invalidMobileId: Object.freeze({ ok: false, reason: 'invalidMobileId' }),
	wrongHashType: Object.freeze({ ok: false, reason: 'wrongHashType' }),
	duplicate: Object.freeze({ ok: false, reason: 'duplicate' }),
});

export function hashAlgorithmFor(type: IdentifierType, options: NormaliseOptions): HashAlgorithm {
	if (type === 'email' || type === 'phone') return 'sha256';
	return options.mobileIdHash ?? 'sha256';
}

function isHexString(value: string): boolean {
	for (let index = 0; index < value.length; index++) {
		if (!isHexDigit(value.charCodeAt(index))) return false;
	}
	return true;
}

function isMobileIdType(type: IdentifierType): boolean {
	return type === 'idfa' || type === 'gaid' || type === 'maid';
}

/**
 * The algorithm whose hex digest `trimmed` is, judged on the whole value. In a mobile ID column 32
 * hex characters are a UUID without its hyphens unless the options declare MD5 digests.
 */
function digestAlgorithmOf(
	type: IdentifierType,
	trimmed: string,
	options: NormaliseOptions,
): HashAlgorithm | undefined {
	if (trimmed.length === SHA256_HEX_LENGTH) return isHexString(trimmed) ? 'sha256' : undefined;
	if (trimmed.length !== MD5_HEX_LENGTH || !isHexString(trimmed)) return undefined;
	return isMobileIdType(type) && options.mobileIdsAreMd5Digests !== true ? undefined : 'md5';
}

function startsWithLetterOrDigit(value: string): boolean {
	const code = value.charCodeAt(0);
	if (isDigit(code) || (code >= CHAR_LOWER_A && code <= CHAR_LOWER_Z)) return true;
	if (code < 128) return false;
	return LETTER_OR_DIGIT_AT_START.test(value);
}

function normaliseTrimmedEmail(trimmed: string, options: NormaliseOptions): string | undefined {
	let email = trimmed.toLowerCase();
	if (WHITESPACE.test(email)) email = email.split(WHITESPACE_RUN).join('');

	let at = email.indexOf('@');
	if (at <= 0 || at !== email.lastIndexOf('@')) return undefined;
	if (!startsWithLetterOrDigit(email)) return undefined;
	if (options.emailRemovePlusTag !== false) {
		// The local part starts with a letter or digit, so something is left before the '+'.
		const plus = email.indexOf('+');
		if (plus !== -1 && plus < at) {
			email = email.slice(0, plus) + email.slice(at);
			at = plus;
		}
	}

	// The domain needs a dot and no empty labels: no leading, trailing or doubled dots.
	const domainStart = at + 1;
	const last = email.length - 1;
	if (domainStart > last) return undefined;
	if (email.charCodeAt(domainStart) === CHAR_DOT || email.charCodeAt(last) === CHAR_DOT) {
		return undefined;
	}
	if (email.indexOf('.', domainStart) === -1) return undefined;
	if (email.indexOf('..', domainStart) !== -1) return undefined;
	return email;
}

/**
 * Trim, remove whitespace and lower-case, and remove a +tag (`emailRemovePlusTag`, on unless set
 * to false). Dots are kept: they are part of the address at most providers. Returns undefined when
 * the value is not a usable address.
 */
export function normaliseEmail(value: string, options: NormaliseOptions = {}): string | undefined {
	return normaliseTrimmedEmail(value.trim(), options);
}

function isUuidHyphenPosition(index: number): boolean {
	return index === 8 || index === 13 || index === 18 || index === 23;
}

function normaliseTrimmedMobileId(trimmed: string): string | undefined {
	let mobileId: string;
	if (trimmed.length === MD5_HEX_LENGTH) {
		if (!isHexString(trimmed)) return undefined;
		// Hashed in the form devices report, so it matches the same ID written with hyphens.
		mobileId = [
			trimmed.slice(0, 8),
			trimmed.slice(8, 12),
			trimmed.slice(12, 16),
			trimmed.slice(16, 20),
			trimmed.slice(20),
		].join('-');
	} else if (trimmed.length === ALL_ZERO_UUID.length) {
		for (let index = 0; index < trimmed.length; index++) {
			const code = trimmed.charCodeAt(index);
			const valid = isUuidHyphenPosition(index) ? code === CHAR_HYPHEN : isHexDigit(code);
			if (!valid) return undefined;
		}
		mobileId = trimmed;
	} else {
		return undefined;
	}
	mobileId = mobileId.toLowerCase();
	// Devices with ad tracking limited report the all-zero ID; it matches nobody.
	return mobileId === ALL_ZERO_UUID ? undefined : mobileId;
}

/**
 * IDFA or GAID as a lower-case UUID with hyphens, from a UUID written with or without them;
 * undefined for anything else and for the all-zero ID.
 */
export function normaliseMobileId(value: string): string | undefined {
	return normaliseTrimmedMobileId(value.trim());
}

function invalidReasonFor(type: IdentifierType): DropReason {
	if (type === 'email') return 'invalidEmail';
	if (type === 'phone') return 'invalidPhone';
	return 'invalidMobileId';
}

/**
 * Validate, normalise and hash one identifier: its hex digest, or why it is dropped. Values that
 * already are digests (64 or 32 hex characters) are recognised before any normalisation and kept,
 * lower-cased, when they match the algorithm of the type; other digests are dropped rather than
 * hashed a second time. In mobile ID columns 32 hex characters are a UUID to hash unless
 * `mobileIdsAreMd5Digests` is set.
 *
 * Nothing but the digest is allocated: drops are shared objects. Customer files call this for
 * every value, and one object per value would be enough for V8 to move them all straight to its
 * old generation (allocation-site pretenuring), where they pile up until a full collection.
 */
export function digestIdentifier(
	type: IdentifierType,
	value: unknown,
	options: NormaliseOptions,
): string | DroppedIdentifier {
	let text: string;
	if (typeof value === 'string') {
		text = value;
	} else if (value === null || value === undefined) {
		return DROPPED.blank;
	} else if (type === 'phone' && typeof value === 'number' && Number.isInteger(value)) {
		// Spreadsheets turn phone numbers into numbers; a signed one is not a phone number.
		if (value < 0) return DROPPED.invalidPhone;
		text = String(value);
	} else {
		return DROPPED.notText;
	}

	const trimmed = text.trim();
	if (trimmed === '') return DROPPED.blank;
	if (trimmed.length > MAX_IDENTIFIER_LENGTH) return DROPPED.tooLong;

	const algorithm = hashAlgorithmFor(type, options);
	const digestAlgorithm = digestAlgorithmOf(type, trimmed, options);
	if (digestAlgorithm !== undefined) {
		return digestAlgorithm === algorithm ? trimmed.toLowerCase() : DROPPED.wrongHashType;
	}

	let normalised: string | undefined;
	if (type === 'email') normalised = normaliseTrimmedEmail(trimmed, options);
	else if (type === 'phone') normalised = normaliseTrimmedPhone(trimmed, options);
	else normalised = normaliseTrimmedMobileId(trimmed);

	if (normalised === undefined) {
		// Characters that are not text say more about the source (its encoding) than the value.
		return DROPPED[isText(trimmed) ? invalidReasonFor(type) : 'invalidEncoding'];
	}
	// Digests, phones and mobile IDs are hex or digits by now, but an e-mail keeps its characters
	// (bar a +tag, which must not hide bad ones): the whole value must be text.
	if (type === 'email' && !isText(trimmed)) return DROPPED.invalidEncoding;
	return hexDigest(algorithm, normalised);
}

/** `digestIdentifier`, also saying whether the value was a digest already. */
export function prepareIdentifier(
	type: IdentifierType,
	value: unknown,
	options: NormaliseOptions,
): PreparedIdentifier {
	const result = digestIdentifier(type, value, options);
	if (typeof result !== 'string') return result;
	const wasHashed =
		typeof value === 'string' && digestAlgorithmOf(type, value.trim(), options) !== undefined;
	return { ok: true, digest: result, wasHashed };
}
