import * as characters from './characters';
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
	return options.phoneIncludePlus === true ? '+' + e164Digits : e164Digits;
}

/**
 * E.164 digits (8 to 15, or with the '+' when `phoneIncludePlus` is set). Separators are
 * removed; a leading '+' or '00' means the country code is present; otherwise trunk zeros are
 * removed and `defaultCountryCode` is prepended. Without a default the digits are taken to
 * include the country code. Returns undefined when the value is not a usable number.
 */
export function normalisePhone(value: string, options: NormaliseOptions): string | undefined {
	return normaliseTrimmedPhone(value.trim(), options);
}
