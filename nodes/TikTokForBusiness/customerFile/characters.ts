// Character codes and tests shared by the identifier normalisers (charCodeAt is the fast path).
export const CHAR_0 = 48;
export const CHAR_1 = 49;
export const CHAR_9 = 57;
export const CHAR_LOWER_A = 97;
export const CHAR_LOWER_F = 102;
export const CHAR_LOWER_Z = 122;
export const CHAR_UPPER_A = 65;
export const CHAR_UPPER_F = 70;
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
