import { createHash, hash } from 'crypto';

export type IdentifierType = 'email' | 'phone' | 'idfa' | 'gaid' | 'maid';

export type HashAlgorithm = 'sha256' | 'md5';

export type DropReason =
	| 'blank'
	| 'notText'
	| 'tooLong'
	| 'invalidEmail'
	| 'invalidPhone'
	| 'invalidMobileId'
	| 'wrongHashType'
	| 'duplicate';

export interface NormaliseOptions {
	/** Country calling code for numbers written without one, e.g. '1', '44' or '+49'. */
	defaultCountryCode?: string;
	/** E.164 with the leading '+' (default). TikTok's sources disagree on whether to keep it. */
	phoneIncludePlus?: boolean;
	/** Digest for IDFA, GAID and mixed mobile IDs (default SHA-256). */
	mobileIdHash?: HashAlgorithm;
}

export type PreparedIdentifier =
	| { ok: true; digest: string; wasHashed: boolean }
	| { ok: false; reason: DropReason };

const MAX_IDENTIFIER_LENGTH = 512;
const SHA256_HEX_LENGTH = 64;
const MD5_HEX_LENGTH = 32;
const E164_MIN_DIGITS = 8;
const E164_MAX_DIGITS = 15;

const CHAR_0 = 48;
const CHAR_1 = 49;
const CHAR_9 = 57;
const CHAR_LOWER_A = 97;
const CHAR_LOWER_F = 102;
const CHAR_LOWER_Z = 122;
const CHAR_UPPER_A = 65;
const CHAR_UPPER_F = 70;
const CHAR_PLUS = 43;
const CHAR_DOT = 46;
const CHAR_HYPHEN = 45;
const CHAR_OPEN_PAREN = 40;
const CHAR_CLOSE_PAREN = 41;

const WHITESPACE = /[\s\u200b-\u200d\u2060]/;
const WHITESPACE_RUN = /[\s\u200b-\u200d\u2060]+/;
const LETTER_OR_DIGIT_AT_START = /^[\p{L}\p{N}]/u;
const COUNTRY_CODE = /^[1-9][0-9]{0,2}$/;
const ALL_ZERO_UUID = '00000000-0000-0000-0000-000000000000';

// One-shot crypto.hash (Node 20.12+) is about three times faster than createHash per short value.
const hexDigest: (algorithm: HashAlgorithm, data: string) => string =
	typeof hash === 'function'
		? (algorithm, data) => hash(algorithm, data, 'hex')
		: (algorithm, data) => createHash(algorithm).update(data).digest('hex');

// Shared, frozen results: a drop carries no per-value data, so there is nothing to allocate.
const DROPPED: Readonly<Record<DropReason, PreparedIdentifier>> = Object.freeze({
	blank: Object.freeze({ ok: false, reason: 'blank' }),
	notText: Object.freeze({ ok: false, reason: 'notText' }),
	tooLong: Object.freeze({ ok: false, reason: 'tooLong' }),
	invalidEmail: Object.freeze({ ok: false, reason: 'invalidEmail' }),
	invalidPhone: Object.freeze({ ok: false, reason: 'invalidPhone' }),
	invalidMobileId: Object.freeze({ ok: false, reason: 'invalidMobileId' }),
	wrongHashType: Object.freeze({ ok: false, reason: 'wrongHashType' }),
	duplicate: Object.freeze({ ok: false, reason: 'duplicate' }),
});

const INVALID_COUNTRY_CODE = Symbol('invalid country code');

export function hashAlgorithmFor(type: IdentifierType, options: NormaliseOptions): HashAlgorithm {
	if (type === 'email' || type === 'phone') return 'sha256';
	return options.mobileIdHash ?? 'sha256';
}

function isDigit(code: number): boolean {
	return code >= CHAR_0 && code <= CHAR_9;
}

function isHexDigit(code: number): boolean {
	return (
		(code >= CHAR_0 && code <= CHAR_9) ||
		(code >= CHAR_LOWER_A && code <= CHAR_LOWER_F) ||
		(code >= CHAR_UPPER_A && code <= CHAR_UPPER_F)
	);
}

function isHexString(value: string): boolean {
	for (let index = 0; index < value.length; index++) {
		if (!isHexDigit(value.charCodeAt(index))) return false;
	}
	return true;
}

/** The algorithm whose hex digest `value` looks like, judged on the whole (trimmed) value. */
function digestAlgorithmOf(trimmed: string): HashAlgorithm | undefined {
	if (trimmed.length === SHA256_HEX_LENGTH) return isHexString(trimmed) ? 'sha256' : undefined;
	if (trimmed.length === MD5_HEX_LENGTH) return isHexString(trimmed) ? 'md5' : undefined;
	return undefined;
}

function startsWithLetterOrDigit(value: string): boolean {
	const code = value.charCodeAt(0);
	if (isDigit(code) || (code >= CHAR_LOWER_A && code <= CHAR_LOWER_Z)) return true;
	if (code < 128) return false;
	return LETTER_OR_DIGIT_AT_START.test(value);
}

function normaliseTrimmedEmail(trimmed: string): string | undefined {
	let email = trimmed.toLowerCase();
	if (WHITESPACE.test(email)) email = email.split(WHITESPACE_RUN).join('');

	const at = email.indexOf('@');
	if (at <= 0 || at !== email.lastIndexOf('@')) return undefined;
	if (!startsWithLetterOrDigit(email)) return undefined;

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
 * Trim, remove whitespace and lower-case. Gmail-style dots and +tags are kept: they are part of
 * the address at most providers. Returns undefined when the value is not a usable address.
 */
export function normaliseEmail(value: string): string | undefined {
	return normaliseTrimmedEmail(value.trim());
}

function countryCodeSetting(
	value: string | undefined,
): string | undefined | typeof INVALID_COUNTRY_CODE {
	if (value === undefined) return undefined;
	let code = value.trim();
	if (code === '') return undefined;
	if (code.charCodeAt(0) === CHAR_PLUS) code = code.slice(1);
	else if (code.startsWith('00')) code = code.slice(2);
	return COUNTRY_CODE.test(code) ? code : INVALID_COUNTRY_CODE;
}

/**
 * The digits of a country calling code given as '44', '+44' or '0044'; undefined when the value
 * is blank or not a country code (1 to 3 digits, not starting with 0).
 */
export function normaliseCountryCode(value: string | undefined): string | undefined {
	const code = countryCodeSetting(value);
	return code === INVALID_COUNTRY_CODE ? undefined : code;
}

function isPhoneSeparator(code: number): boolean {
	switch (code) {
		case 0x20: // space
		case 0x09: // tab
		case 0xa0: // no-break space
		case 0x202f: // narrow no-break space
		case 0x2009: // thin space
		case CHAR_OPEN_PAREN:
		case CHAR_CLOSE_PAREN:
		case 0x5b: // [
		case 0x5d: // ]
		case CHAR_HYPHEN:
		case CHAR_DOT:
		case 0x2f: // /
		case 0x2010: // hyphen
		case 0x2011: // non-breaking hyphen
		case 0x2012: // figure dash
		case 0x2013: // en dash
		case 0x2014: // em dash
		case 0x2212: // minus sign
			return true;
		default:
			return false;
	}
}

function normaliseTrimmedPhone(trimmed: string, options: NormaliseOptions): string | undefined {
	let digits = '';
	let hasPlus = false;
	for (let index = 0; index < trimmed.length; index++) {
		const code = trimmed.charCodeAt(index);
		if (isDigit(code)) {
			digits += trimmed[index];
		} else if (code === CHAR_PLUS) {
			if (hasPlus || digits !== '') return undefined;
			hasPlus = true;
		} else if (
			code === CHAR_OPEN_PAREN &&
			(hasPlus || digits !== '') &&
			trimmed.charCodeAt(index + 1) === CHAR_0 &&
			trimmed.charCodeAt(index + 2) === CHAR_CLOSE_PAREN
		) {
			// "+44 (0)20 …": the bracketed trunk zero is dialled only inside the country.
			index += 2;
		} else if (!isPhoneSeparator(code)) {
			// Letters (vanity numbers, "ext. 12") and other symbols make the number unusable.
			return undefined;
		}
	}
	if (digits.length > E164_MAX_DIGITS + 2) return undefined;

	let e164Digits: string;
	if (hasPlus) {
		e164Digits = digits;
	} else if (digits.startsWith('00')) {
		e164Digits = digits.slice(2);
	} else {
		const countryCode = countryCodeSetting(options.defaultCountryCode);
		if (countryCode === INVALID_COUNTRY_CODE) return undefined;
		if (countryCode === undefined) {
			e164Digits = digits;
		} else {
			let start = 0;
			while (start < digits.length && digits.charCodeAt(start) === CHAR_0) start++;
			const national = start === 0 ? digits : digits.slice(start);
			// North American numbers never start with 1, so eleven digits led by 1 already carry it.
			e164Digits =
				countryCode === '1' && national.length === 11 && national.charCodeAt(0) === CHAR_1
					? national
					: countryCode + national;
		}
	}

	if (e164Digits.length < E164_MIN_DIGITS || e164Digits.length > E164_MAX_DIGITS) return undefined;
	if (e164Digits.charCodeAt(0) === CHAR_0) return undefined;
	return options.phoneIncludePlus === false ? e164Digits : '+' + e164Digits;
}

/**
 * E.164 ('+' and 8 to 15 digits, or digits only with `phoneIncludePlus: false`). Separators are
 * removed; a leading '+' or '00' means the country code is present; otherwise trunk zeros are
 * removed and `defaultCountryCode` is prepended. Without a default the digits are taken to
 * include the country code. Returns undefined when the value is not a usable number.
 */
export function normalisePhone(value: string, options: NormaliseOptions): string | undefined {
	return normaliseTrimmedPhone(value.trim(), options);
}

function isUuidHyphenPosition(index: number): boolean {
	return index === 8 || index === 13 || index === 18 || index === 23;
}

function normaliseTrimmedMobileId(trimmed: string): string | undefined {
	if (trimmed.length !== ALL_ZERO_UUID.length) return undefined;
	for (let index = 0; index < trimmed.length; index++) {
		const code = trimmed.charCodeAt(index);
		const valid = isUuidHyphenPosition(index) ? code === CHAR_HYPHEN : isHexDigit(code);
		if (!valid) return undefined;
	}
	const mobileId = trimmed.toLowerCase();
	// Devices with ad tracking limited report the all-zero ID; it matches nobody.
	return mobileId === ALL_ZERO_UUID ? undefined : mobileId;
}

/** IDFA or GAID as a lower-case UUID; undefined for anything else and for the all-zero ID. */
export function normaliseMobileId(value: string): string | undefined {
	return normaliseTrimmedMobileId(value.trim());
}

function invalidReasonFor(type: IdentifierType): DropReason {
	if (type === 'email') return 'invalidEmail';
	if (type === 'phone') return 'invalidPhone';
	return 'invalidMobileId';
}

/**
 * Validate, normalise and hash one identifier. Values that already are digests (64 or 32 hex
 * characters) are recognised before any normalisation and kept, lower-cased, when they match the
 * algorithm of the type; other digests are dropped rather than hashed a second time.
 */
export function prepareIdentifier(
	type: IdentifierType,
	value: unknown,
	options: NormaliseOptions,
): PreparedIdentifier {
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
	const digestAlgorithm = digestAlgorithmOf(trimmed);
	if (digestAlgorithm !== undefined) {
		if (digestAlgorithm !== algorithm) return DROPPED.wrongHashType;
		return { ok: true, digest: trimmed.toLowerCase(), wasHashed: true };
	}

	let normalised: string | undefined;
	if (type === 'email') normalised = normaliseTrimmedEmail(trimmed);
	else if (type === 'phone') normalised = normaliseTrimmedPhone(trimmed, options);
	else normalised = normaliseTrimmedMobileId(trimmed);

	if (normalised === undefined) return DROPPED[invalidReasonFor(type)];
	return { ok: true, digest: hexDigest(algorithm, normalised), wasHashed: false };
}
