// fast-check generators for identifiers as users write them, shared by the customer-file tests,
// and the node's e-mail rule written out independently as a regex (the oracle the tests use).
import fc from 'fast-check';

import { CALLING_CODES_WITH_TRUNK_ZERO } from '../../nodes/TikTokForBusiness/customerFile/trunkPrefixes';
import type {
	HashAlgorithm,
	IdentifierType,
	NormaliseOptions,
} from '../../nodes/TikTokForBusiness/customerFile/types';

export const TYPES: IdentifierType[] = ['email', 'phone', 'idfa', 'gaid', 'maid'];
export const MOBILE_TYPES: IdentifierType[] = ['idfa', 'gaid', 'maid'];

export const anyType = fc.constantFrom(...TYPES);
export const mobileType = fc.constantFrom(...MOBILE_TYPES);

/** Every combination of options, each one set or left to its default. */
export const anyOptions: fc.Arbitrary<NormaliseOptions> = fc.record(
	{
		defaultCountryCode: fc.constantFrom('1', '44', '+49', '0033', '39', '', ' '),
		phoneIncludePlus: fc.boolean(),
		emailRemovePlusTag: fc.boolean(),
		mobileIdHash: fc.constantFrom<HashAlgorithm>('sha256', 'md5'),
		mobileIdsAreMd5Digests: fc.boolean(),
	},
	{ requiredKeys: [] },
);

/** Characters that String.prototype.trim removes. */
export const whitespace = fc.string({
	unit: fc.constantFrom(' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u2009', '\u3000', '\ufeff'),
	maxLength: 4,
});

/**
 * One character that is not text: C0/C1 controls other than whitespace, U+FFFD, a lone surrogate.
 * NUL and U+FFFD, what binary and non-UTF-8 files bring, come up most often.
 */
export const notTextCharacter = fc
	.oneof(
		{ arbitrary: fc.constantFrom(0x00, 0xfffd), weight: 4 },
		fc.integer({ min: 0x01, max: 0x08 }),
		fc.integer({ min: 0x0e, max: 0x1f }),
		fc.integer({ min: 0x7f, max: 0x9f }),
		fc.constant(0xfffd),
		fc.integer({ min: 0xd800, max: 0xdfff }),
	)
	.map((code) => String.fromCharCode(code));

export const digit = fc.constantFrom(...'0123456789'.split(''));
const hexDigit = fc.constantFrom(...'0123456789abcdefABCDEF'.split(''));
export const hex = (length: number) =>
	fc.string({ unit: hexDigit, minLength: length, maxLength: length });

/** Insert `insert` into `text` at a position chosen by `at` (0 to 1). */
export function insertAt(text: string, insert: string, at: number): string {
	const index = Math.floor(at * (text.length + 1));
	return text.slice(0, index) + insert + text.slice(index);
}

export const position = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

/**
 * A valid e-mail address as the WHATWG HTML standard defines one, verbatim from
 * https://html.spec.whatwg.org/multipage/input.html#valid-e-mail-address
 */
export const WHATWG_EMAIL =
	/^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/**
 * The e-mail a value becomes under the node's rule, or undefined when it is dropped: the WHATWG
 * definition plus the rules the node keeps on purpose, each stated here.
 */
export function expectedEmail(value: string, options: NormaliseOptions): string | undefined {
	// Padding is whatever String.prototype.trim removes (WHATWG's e-mail input strips only ASCII
	// whitespace), and nothing inside is removed.
	const address = value.trim();
	// Longer values are dropped as tooLong, whatever they hold.
	if (address.length > 512) return undefined;
	if (!WHATWG_EMAIL.test(address)) return undefined;
	// TikTok's Help Center: the address starts with a letter or a digit.
	if (!/^[a-zA-Z0-9]/.test(address)) return undefined;
	// The domain has a dot: 'jane@localhost' matches nobody.
	const at = address.indexOf('@');
	if (!address.includes('.', at)) return undefined;
	const email = address.toLowerCase();
	// TikTok's list of supported formats: the +tag goes, up to the '@', unless the user keeps it.
	const plus = email.indexOf('+');
	if (options.emailRemovePlusTag === false || plus === -1 || plus > at) return email;
	return email.slice(0, plus) + email.slice(at);
}

/** E-mail addresses the node accepts, as fast-check writes them (RFC 5322 local parts). */
export const validEmail = fc
	.emailAddress()
	.filter((email) => expectedEmail(email, { emailRemovePlusTag: false }) !== undefined);

/**
 * Whether E.164 digits hold a trunk "0" after a calling code whose plan has one (44 0 20…), which
 * the node leaves out; "00" there is part of the number.
 */
export function hasTrunkZeroAfterCallingCode(digits: string): boolean {
	for (let length = 1; length <= 3; length++) {
		if (!CALLING_CODES_WITH_TRUNK_ZERO.includes(Number(digits.slice(0, length)))) continue;
		return digits[length] === '0' && digits[length + 1] !== undefined && digits[length + 1] !== '0';
	}
	return false;
}

/**
 * A phone number with its country code: '+' or '00', then 8 to 15 digits and separators; `digits`
 * is its E.164 form. No trunk "0" after the calling code (see hasTrunkZeroAfterCallingCode).
 */
export const internationalPhone = fc
	.record({
		countryCode: fc.integer({ min: 1, max: 999 }).map(String),
		length: fc.integer({ min: 8, max: 15 }),
		prefix: fc.constantFrom('+', '00', '+ '),
		separators: fc.array(fc.constantFrom(' ', '-', '.', '/', '(', ')', '\u00a0', '\u2013'), {
			minLength: 14,
			maxLength: 14,
		}),
	})
	.chain(({ countryCode, length, prefix, separators }) =>
		fc
			.string({
				unit: digit,
				minLength: length - countryCode.length,
				maxLength: length - countryCode.length,
			})
			.map((national) => {
				let written = '';
				for (let index = 0; index < national.length; index++) {
					written += national[index] + (separators[index] ?? '');
				}
				return { value: `${prefix}${countryCode} ${written}`, digits: countryCode + national };
			}),
	)
	// "+44 (0)20 …" marks a trunk zero, which the node rightly leaves out.
	.filter(({ value, digits }) => !value.includes('(0)') && !hasTrunkZeroAfterCallingCode(digits));

/** Anything a spreadsheet, an API or a careless expression might put in a phone field. */
export const phoneLike = fc.oneof(
	fc.string({
		unit: fc.constantFrom(...'0123456789 +-.()/[]x#,\u00a0\u2013'.split('')),
		maxLength: 24,
	}),
	// Runs of digits around the 8 to 15 bounds, with or without an international prefix.
	fc
		.tuple(fc.constantFrom('', '+', '00', '0'), fc.integer({ min: 1, max: 20 }))
		.chain(([prefix, length]) =>
			fc
				.string({ unit: digit, minLength: length, maxLength: length })
				.map((digits) => prefix + digits),
		),
);

/** A valid identifier of each type, raw. */
export function validValue(type: IdentifierType): fc.Arbitrary<string> {
	if (type === 'email') return validEmail;
	if (type === 'phone') return internationalPhone.map(({ value }) => value);
	return fc.uuid().filter((id) => !/^[0-]+$/.test(id));
}

export const typeAndValidValue = anyType.chain((type) =>
	validValue(type).map((value) => ({ type, value })),
);

/** A device ID as people write it: any case, with or without hyphens, maybe padded. */
export const writtenId = fc
	.record({
		id: fc.uuid().filter((id) => !/^[0-]+$/.test(id)),
		hyphens: fc.boolean(),
		padding: whitespace,
	})
	.chain(({ id, hyphens, padding }) =>
		fc.mixedCase(fc.constant(hyphens ? id : id.replace(/-/g, ''))).map((written) => ({
			id,
			value: `${padding}${written}${padding}`,
		})),
	);
