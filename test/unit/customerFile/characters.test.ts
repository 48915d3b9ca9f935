import {
	isAsciiLetterOrDigit,
	isEmailLocalSymbol,
} from '../../../nodes/TikTokForBusiness/customerFile/characters';
import { assert, describe, it } from '../../support/testing';

describe('e-mail character classes', () => {
	it("classifies every UTF-16 code unit as the WHATWG e-mail rule's character classes do", () => {
		// From https://html.spec.whatwg.org/multipage/input.html#valid-e-mail-address
		const localPart = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]$/;
		const letterOrDigit = /^[a-zA-Z0-9]$/;
		for (let code = 0; code <= 0xffff; code++) {
			const character = String.fromCharCode(code);
			assert.equal(
				isAsciiLetterOrDigit(code),
				letterOrDigit.test(character),
				`U+${code.toString(16)}`,
			);
			assert.equal(
				isAsciiLetterOrDigit(code) || isEmailLocalSymbol(code),
				localPart.test(character),
				`U+${code.toString(16)}`,
			);
		}
		assert.equal(isAsciiLetterOrDigit(Number.NaN), false, 'charCodeAt past the end');
	});
});
