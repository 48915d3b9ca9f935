import * as characters from './characters';
import { CALLING_CODES_WITH_TRUNK_ZERO } from './trunkPrefixes';
import type { NormaliseOptions } from './types';

// Read once: some loaders (tsx) turn imported bindings into getters, too slow per character.
const {
	CHAR_0,
	CHAR_1,
	CHAR_CLOSE_PAREN,
	CHAR_DOT,
	CHAR_HYPHEN,
	CHAR_OPEN_PAREN,
	CHAR_PLUS,
	isDigit,
} = characters;

const E164_MIN_DIGITS = 8;
const E164_MAX_DIGITS = 15;
const COUNTRY_CODE = /^[1-9][0-9]{0,2}$/;
const INVALID_COUNTRY_CODE = Symbol('invalid country code');
// Indexed by calling code: whether its countries dial a trunk "0" (an array read is the fast path).
const HAS_TRUNK_ZERO: readonly boolean[] = Array.from({ length: 1000 }, (_, callingCode) =>
	CALLING_CODES_WITH_TRUNK_ZERO.includes(callingCode),
);

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

/**
 * Where the trunk "0" written after the calling code is ("+44 020 …" → 2), or 0 when there is
 * none. Calling codes are prefix-free (ITU-T E.164) and those with a trunk 0 have two or three
 * digits, so it can only be digit 2 or 3. "00" there is part of the number (+81 00…, +62 001…,
 * as libphonenumber reads them).
 */
function trunkZeroIndex(digits: string): number {
	if (digits.charCodeAt(0) === CHAR_0) return 0;
	const twoDigitCode = (digits.charCodeAt(0) - CHAR_0) * 10 + digits.charCodeAt(1) - CHAR_0;
	if (digits.charCodeAt(2) === CHAR_0 && HAS_TRUNK_ZERO[twoDigitCode]) {
		return digits.charCodeAt(3) === CHAR_0 ? 0 : 2;
	}
	const threeDigitCode = twoDigitCode * 10 + digits.charCodeAt(2) - CHAR_0;
	if (digits.charCodeAt(3) === CHAR_0 && HAS_TRUNK_ZERO[threeDigitCode]) {
		return digits.charCodeAt(4) === CHAR_0 ? 0 : 3;
	}
	return 0;
}

/** International digits without the trunk "0" written after the calling code. */
function withoutTrunkZero(digits: string): string {
	const index = trunkZeroIndex(digits);
	return index === 0 ? digits : digits.slice(0, index) + digits.slice(index + 1);
}

/** A national number with the default country code: its trunk "0" goes where the plan has one. */
function withCountryCode(national: string, countryCode: string): string {
	// North American numbers never start with 1, so eleven digits led by 1 already carry it.
	if (countryCode === '1' && national.length === 11 && national.charCodeAt(0) === CHAR_1) {
		return national;
	}
	// National digits never start with "00" here: that is an international prefix.
	const hasTrunkZero = national.charCodeAt(0) === CHAR_0 && HAS_TRUNK_ZERO[Number(countryCode)];
	return countryCode + (hasTrunkZero ? national.slice(1) : national);
}

/**
 * E.164 digits (8 to 15, or with the '+' when `phoneIncludePlus` is set) of a trimmed value, or
 * undefined when it is not a usable number. Separators are removed; a leading '+' or '00' means
 * the country code is present; otherwise `defaultCountryCode` is prepended, or, without one, the
 * digits are taken to include it. A trunk "0" after the country code is removed where that
 * country's numbering plan has one (see trunkPrefixes.ts), bracketed or not: "+44 (0)20 …" is
 * 4420…, while Italy, whose numbers keep their 0, gives "+39 (0)6 …" as 3906….
 */
export function normaliseTrimmedPhone(
	trimmed: string,
	options: NormaliseOptions,
): string | undefined {
	let digits = '';
	let hasPlus = false;
	for (let index = 0; index < trimmed.length; index++) {
		const code = trimmed.charCodeAt(index);
		if (isDigit(code)) {
			digits += trimmed[index];
		} else if (code === CHAR_PLUS) {
			if (hasPlus || digits !== '') return undefined;
			hasPlus = true;
		} else if (!isPhoneSeparator(code)) {
			// Letters (vanity numbers, "ext. 12") and other symbols make the number unusable.
			return undefined;
		}
	}
	// Room for an international '00' and a trunk '0' around the 15 digits of E.164.
	if (digits.length > E164_MAX_DIGITS + 3) return undefined;

	let e164Digits: string;
	if (hasPlus) {
		e164Digits = withoutTrunkZero(digits);
	} else if (digits.startsWith('00')) {
		e164Digits = withoutTrunkZero(digits.slice(2));
	} else {
		const countryCode = countryCodeSetting(options.defaultCountryCode);
		if (countryCode === INVALID_COUNTRY_CODE) return undefined;
		e164Digits =
			countryCode === undefined ? withoutTrunkZero(digits) : withCountryCode(digits, countryCode);
	}

	if (e164Digits.length < E164_MIN_DIGITS || e164Digits.length > E164_MAX_DIGITS) return undefined;
	if (e164Digits.charCodeAt(0) === CHAR_0) return undefined;
	return options.phoneIncludePlus === true ? '+' + e164Digits : e164Digits;
}
