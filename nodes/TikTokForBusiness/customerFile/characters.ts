// Character codes and tests shared by the identifier normalisers (charCodeAt is the fast path).
export const CHAR_0 = 48;
export const CHAR_1 = 49;
const CHAR_9 = 57;
const CHAR_LOWER_A = 97;
const CHAR_LOWER_F = 102;
const CHAR_LOWER_Z = 122;
const CHAR_UPPER_A = 65;
const CHAR_UPPER_F = 70;
const CHAR_UPPER_Z = 90;
export const CHAR_AT = 64;
export const CHAR_PLUS = 43;
export const CHAR_DOT = 46;
export const CHAR_HYPHEN = 45;
export const CHAR_OPEN_PAREN = 40;
export const CHAR_CLOSE_PAREN = 41;

export function isDigit(code: number): boolean {
	return code >= CHAR_0 && code <= CHAR_9;
}

export function isHexDigit(code: number): boolean {
	return (
		(code >= CHAR_0 && code <= CHAR_9) ||
		(code >= CHAR_LOWER_A && code <= CHAR_LOWER_F) ||
		(code >= CHAR_UPPER_A && code <= CHAR_UPPER_F)
	);
}

export function isAsciiLetterOrDigit(code: number): boolean {
	return (
		(code >= CHAR_LOWER_A && code <= CHAR_LOWER_Z) ||
		(code >= CHAR_0 && code <= CHAR_9) ||
		(code >= CHAR_UPPER_A && code <= CHAR_UPPER_Z)
	);
}

/**
 * The symbols an e-mail's local part may hold besides letters and digits, as the WHATWG HTML
 * standard defines a valid e-mail address: .!#$%&'*+/=?^_`{|}~-
 */
export function isEmailLocalSymbol(code: number): boolean {
	switch (code) {
		case 0x21: // !
		case 0x23: // #
		case 0x24: // $
		case 0x25: // %
		case 0x26: // &
		case 0x27: // '
		case 0x2a: // *
		case CHAR_PLUS:
		case CHAR_HYPHEN:
		case CHAR_DOT:
		case 0x2f: // /
		case 0x3d: // =
		case 0x3f: // ?
		case 0x5e: // ^
		case 0x5f: // _
		case 0x60: // `
		case 0x7b: // {
		case 0x7c: // |
		case 0x7d: // }
		case 0x7e: // ~
			return true;
		default:
			return false;
	}
}

const PRINTABLE_ASCII = /^[\t\n\v\f\r -~]*$/;

/**
 * Whether a value is text that can be part of an identifier. U+FFFD stands for bytes that were not
 * UTF-8 (a Latin-1 file, say), an unpaired surrogate has no UTF-8 form, and control characters
 * other than whitespace (NUL above all) never occur in an e-mail, phone or device ID: hashing any
 * of them would upload a digest that matches nobody.
 */
export function isText(value: string): boolean {
	// Nearly every identifier is printable ASCII, which one native regex scan settles.
	if (PRINTABLE_ASCII.test(value)) return true;
	for (let index = 0; index < value.length; index++) {
		const code = value.charCodeAt(index);
		if (code >= 0x20 && code < 0x7f) continue;
		if (code < 0x20) {
			// Tab, line feed, vertical tab, form feed and carriage return are whitespace.
			if (code < 0x09 || code > 0x0d) return false;
		} else if (code <= 0x9f || code === 0xfffd) {
			return false;
		} else if (code >= 0xd800 && code <= 0xdfff) {
			const next = value.charCodeAt(index + 1);
			if (code > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return false;
			index++;
		}
	}
	return true;
}
