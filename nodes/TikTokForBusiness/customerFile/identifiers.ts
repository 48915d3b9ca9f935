import { createHash, hash } from 'crypto';

import * as characters from './characters';
import { normaliseTrimmedPhone } from './phone';
import type {
	DroppedIdentifier,
	DropReason,
	HashAlgorithm,
	IdentifierType,
	NormaliseOptions,
} from './types';

// Read once: some loaders (tsx) turn imported bindings into getters, too slow per character.
const {
	CHAR_AT,
	CHAR_DOT,
	CHAR_HYPHEN,
	isAsciiLetterOrDigit,
	isEmailLocalSymbol,
	isHexDigit,
	isText,
} = characters;

export { normaliseCountryCode } from './phone';

const MAX_IDENTIFIER_LENGTH = 512;
const SHA256_HEX_LENGTH = 64;
const MD5_HEX_LENGTH = 32;
const MAX_DOMAIN_LABEL_LENGTH = 63;
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

/**
 * The index of the '@' when `address` is a valid e-mail address as the WHATWG HTML standard
 * defines one (https://html.spec.whatwg.org/multipage/input.html#valid-e-mail-address): ASCII
 * only, no quotes, comments, display names or whitespace; domain labels of 1 to 63 letters, digits
 * and inner hyphens. Two rules are added: the address starts with a letter or digit (TikTok's Help
 * Center, "How to create a Custom Audience with a customer file", Sep 2025), and its domain has a
 * dot (an address at a bare host name such as 'localhost' matches nobody). -1 when it is not such
 * an address.
 */
function validEmailAtIndex(address: string): number {
	if (!isAsciiLetterOrDigit(address.charCodeAt(0))) return -1;
	const length = address.length;
	let at = 1;
	for (; at < length; at++) {
		const code = address.charCodeAt(at);
		if (code === CHAR_AT) break;
		if (!isAsciiLetterOrDigit(code) && !isEmailLocalSymbol(code)) return -1;
	}

	let labelLength = 0;
	let previous = CHAR_AT;
	let hasDot = false;
	for (let index = at + 1; index < length; index++) {
		const code = address.charCodeAt(index);
		if (code === CHAR_DOT) {
			if (labelLength === 0 || previous === CHAR_HYPHEN) return -1;
			hasDot = true;
			labelLength = 0;
		} else if (isAsciiLetterOrDigit(code) || (code === CHAR_HYPHEN && labelLength !== 0)) {
			if (++labelLength > MAX_DOMAIN_LABEL_LENGTH) return -1;
		} else {
			return -1;
		}
		previous = code;
	}
	// Also catches a missing '@' (the loop above ran to the end) and an empty domain.
	return hasDot && labelLength !== 0 && previous !== CHAR_HYPHEN ? at : -1;
}

/**
 * A valid address (see validEmailAtIndex), lower-cased, without its +tag unless
 * `emailRemovePlusTag` is false. Whitespace is never removed: inside an address it means the value
 * is something else ("a@x.com<TAB>John Smith"), and joining the parts would match nobody. Dots are
 * kept: they are part of the address at most providers.
 */
function normaliseTrimmedEmail(trimmed: string, options: NormaliseOptions): string | undefined {
	const at = validEmailAtIndex(trimmed);
	if (at === -1) return undefined;
	const email = trimmed.toLowerCase();
	if (options.emailRemovePlusTag === false) return email;
	// The local part starts with a letter or digit, so something is left before the '+'.
	const plus = email.indexOf('+');
	return plus !== -1 && plus < at ? email.slice(0, plus) + email.slice(at) : email;
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
	// Accepted values are printable ASCII (digests, digits, UUIDs, WHATWG addresses), so text.
	return hexDigest(algorithm, normalised);
}
