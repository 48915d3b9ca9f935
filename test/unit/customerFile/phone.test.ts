import { createHash } from 'crypto';
import fc from 'fast-check';
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

import { digestIdentifier } from '../../../nodes/TikTokForBusiness/customerFile/identifiers';
import {
	normaliseCountryCode,
	normaliseTrimmedPhone,
} from '../../../nodes/TikTokForBusiness/customerFile/phone';
import { CALLING_CODES_WITH_TRUNK_ZERO } from '../../../nodes/TikTokForBusiness/customerFile/trunkPrefixes';
import type { NormaliseOptions } from '../../../nodes/TikTokForBusiness/customerFile/types';
import {
	anyOptions,
	digit,
	internationalPhone,
	phoneLike,
} from '../../support/identifierArbitraries';
import { assert, describe, it } from '../../support/testing';

const RUNS = { numRuns: 1000 };
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

const US: NormaliseOptions = { defaultCountryCode: '1' };
const UK: NormaliseOptions = { defaultCountryCode: '44' };

/** What the node makes of a phone value, as digestIdentifier calls it: trimmed first. */
const normalisePhone = (value: string, options: NormaliseOptions) =>
	normaliseTrimmedPhone(value.trim(), options);

describe('normaliseCountryCode', () => {
	it('returns the digits of a calling code, undefined when blank or invalid', () => {
		assert.equal(normaliseCountryCode('44'), '44');
		assert.equal(normaliseCountryCode(' +1 '), '1');
		assert.equal(normaliseCountryCode('00353'), '353');
		assert.equal(normaliseCountryCode(undefined), undefined);
		assert.equal(normaliseCountryCode(''), undefined);
		assert.equal(normaliseCountryCode('UK'), undefined);
		assert.equal(normaliseCountryCode('0'), undefined);
		assert.equal(normaliseCountryCode('1234'), undefined);
	});
});

describe('phones', () => {
	it("normalises TikTok's example (657)777-0000 with country 1 to 16577770000 by default", () => {
		// "List of supported IDs and formats for a customer file" (Aug 2025): remove symbols,
		// including "+", and add the country code.
		assert.equal(normalisePhone('(657)777-0000', US), '16577770000');
		assert.equal(
			normalisePhone('(657)777-0000', { ...US, phoneIncludePlus: false }),
			'16577770000',
		);
		assert.equal(
			normalisePhone('(657)777-0000', { ...US, phoneIncludePlus: true }),
			'+16577770000',
		);
	});

	it("reads TikTok's example 374-93-828222 as already carrying its country code", () => {
		assert.equal(normalisePhone('374-93-828222', {}), '37493828222');
		assert.equal(normalisePhone('+374 93 828222', {}), '37493828222');
		assert.equal(normalisePhone('374-93-828222', { phoneIncludePlus: true }), '+37493828222');
	});

	it('strips spaces and the punctuation ( ) - . / [ ]', () => {
		for (const value of [
			'657 777 0000',
			'657.777.0000',
			'657/777-0000',
			' [657] 777\u00a00000 ',
			'657\u2013777\u20130000',
		]) {
			assert.equal(normalisePhone(value, US), '16577770000', value);
		}
	});

	it('keeps the country code given with a leading + or 00, ignoring the default', () => {
		assert.equal(normalisePhone('+44 20 7946 0958', US), '442079460958');
		assert.equal(normalisePhone('0044 20 7946 0958', US), '442079460958');
		assert.equal(normalisePhone('(+44) 20-7946-0958', {}), '442079460958');
	});

	it('drops the bracketed trunk zero of international numbers where the country dials one', () => {
		assert.equal(normalisePhone('+44 (0)20 7946 0958', {}), '442079460958');
		assert.equal(normalisePhone('0049 (0)30 1234567', {}), '49301234567');
		// Italy's numbers keep their 0, bracketed or not, as libphonenumber reads them.
		assert.equal(normalisePhone('+39 (0)6 1234 5678', {}), '390612345678');
	});

	it('drops a trunk 0 written after the country code where the country dials one', () => {
		// Testers found "+44 020 7946 0958" hashed as 4402079460958; E.164 is 442079460958.
		assert.equal(normalisePhone('+44 020 7946 0958', {}), '442079460958');
		assert.equal(normalisePhone('0044 020 7946 0958', US), '442079460958');
		assert.equal(normalisePhone('+49 030 1234567', {}), '49301234567');
		assert.equal(normalisePhone('+33 06 12 34 56 78', {}), '33612345678');
		assert.equal(normalisePhone('+374 093 828222', {}), '37493828222');
		assert.equal(normalisePhone('44 020 7946 0958', {}), '442079460958', 'code without +');
		assert.equal(digestIdentifier('phone', '+44 020 7946 0958', {}), sha256('442079460958'));
	});

	it('keeps the 0 after the country code where it belongs to the number', () => {
		// Italy has no trunk prefix: Rome is +39 06…, as dialled inside Italy.
		assert.equal(normalisePhone('+39 06 1234 5678', {}), '390612345678');
		assert.equal(normalisePhone('+1 0657 777 000', {}), '10657777000');
		// "00" after the code is part of a number (Japan, Indonesia, Korea, Uruguay use it).
		assert.equal(normalisePhone('+81 0012 3456 7890', {}), '81001234567890');
		assert.equal(normalisePhone('+374 0012 3456', {}), '37400123456', 'after three digits too');
	});

	it('removes the trunk zero of national numbers and prepends the default country code', () => {
		assert.equal(normalisePhone('020 7946 0958', UK), '442079460958');
		assert.equal(normalisePhone('(0)20 7946 0958', UK), '442079460958');
		assert.equal(normalisePhone('030 1234567', { defaultCountryCode: '49' }), '49301234567');
		assert.equal(normalisePhone('06 12 34 56 78', { defaultCountryCode: '0033' }), '33612345678');
	});

	it('keeps the leading 0 of national numbers where the country has no trunk prefix', () => {
		// Testers found Rome's 06 1234 5678 hashed as 39612345678; E.164 is 390612345678.
		const italy: NormaliseOptions = { defaultCountryCode: '39' };
		assert.equal(normalisePhone('06 1234 5678', italy), '390612345678');
		assert.equal(digestIdentifier('phone', '06 1234 5678', italy), sha256('390612345678'));
		assert.equal(normalisePhone('0549 123456', { defaultCountryCode: '378' }), '3780549123456');
	});

	it('accepts the default country code as digits, with + or with 00', () => {
		for (const defaultCountryCode of ['44', '+44', ' 0044 ']) {
			assert.equal(normalisePhone('020 7946 0958', { defaultCountryCode }), '442079460958');
		}
	});

	it('does not repeat country code 1 on eleven-digit North American numbers', () => {
		assert.equal(normalisePhone('1 (657) 777-0000', US), '16577770000');
		assert.equal(normalisePhone('1-657-777-0000', US), '16577770000');
	});

	it('without a default country code takes the digits as including it', () => {
		assert.equal(normalisePhone('16577770000', {}), '16577770000');
		assert.equal(normalisePhone('44 20 7946 0958', { defaultCountryCode: ' ' }), '442079460958');
	});

	it('rejects national numbers with a trunk zero when no country code is known', () => {
		assert.equal(normalisePhone('020 7946 0958', {}), undefined);
		assert.equal(normalisePhone('(0)20 7946 0958', {}), undefined);
	});

	it('rejects national numbers when the default country code is not a country code', () => {
		for (const defaultCountryCode of ['UK', '0', '1234', '+']) {
			assert.equal(normalisePhone('020 7946 0958', { defaultCountryCode }), undefined);
			assert.equal(
				normalisePhone('+44 20 7946 0958', { defaultCountryCode }),
				'442079460958',
				'international numbers do not need the default',
			);
		}
	});

	it('rejects letters anywhere instead of stripping them', () => {
		for (const value of [
			'657-777-CALL',
			'+1 657 777 0000 ext 12',
			'tel:+16577770000',
			'6577770000x',
		]) {
			assert.equal(normalisePhone(value, US), undefined, value);
		}
	});

	it('rejects other symbols and a + that is not at the start', () => {
		for (const value of ['1+6577770000', '++16577770000', '+1 657#777 0000', '657,777,0000']) {
			assert.equal(normalisePhone(value, US), undefined, value);
		}
	});

	it('accepts 8 to 15 digits after the +, not starting with 0', () => {
		assert.equal(normalisePhone('+1234567', {}), undefined);
		assert.equal(normalisePhone('+12345678', {}), '12345678');
		assert.equal(normalisePhone('+12345678', { phoneIncludePlus: true }), '+12345678');
		assert.equal(normalisePhone('+123456789012345', {}), '123456789012345');
		assert.equal(normalisePhone('0049 0151 2345 6789 01', {}), '491512345678901', "'00' and a 0");
		assert.equal(normalisePhone('+1234567890123456', {}), undefined);
		assert.equal(normalisePhone('+0123456789', {}), undefined);
		assert.equal(normalisePhone('000123456789', {}), undefined);
		assert.equal(normalisePhone('777 00', US), undefined);
		assert.equal(normalisePhone('+', US), undefined);
		assert.equal(normalisePhone('+44 0', {}), undefined);
	});
});

describe('property: phones come out as 8 to 15 digits, with "+" exactly as asked', () => {
	it('normalises anything phone-like to nothing or to E.164 digits in the chosen form', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					phoneLike,
					internationalPhone.map(({ value }) => value),
				),
				anyOptions,
				(value, options) => {
					const phone = normalisePhone(value, options);
					if (phone === undefined) return;
					const pattern =
						options.phoneIncludePlus === true ? /^\+[1-9]\d{7,14}$/ : /^[1-9]\d{7,14}$/;
					assert.match(phone, pattern);
				},
			),
			RUNS,
		);
	});

	it('keeps the country code and every digit of an international number', () => {
		fc.assert(
			fc.property(internationalPhone, anyOptions, ({ value, digits }, options) => {
				const expected = options.phoneIncludePlus === true ? `+${digits}` : digits;
				assert.equal(normalisePhone(value, options), expected, value);
				assert.equal(digestIdentifier('phone', value, options), sha256(expected));
			}),
			RUNS,
		);
	});
});

describe('property: the trunk 0 goes exactly where the numbering plan has one', () => {
	/** A national significant number (not starting with 0) that fits E.164 after `code`. */
	const numberAfter = (code: number) =>
		fc
			.tuple(
				fc.constantFrom(...'123456789'.split('')),
				fc.string({
					unit: digit,
					minLength: 7 - String(code).length,
					maxLength: 14 - String(code).length,
				}),
			)
			.map(([first, rest]) => first + rest);
	const writtenAs = fc.constantFrom('+', '00', '+ ', '');

	it('drops one 0 after a calling code whose countries dial a trunk 0, written any way', () => {
		const trunkZeroCode = fc.constantFrom(...CALLING_CODES_WITH_TRUNK_ZERO);
		fc.assert(
			fc.property(
				trunkZeroCode.chain((code) => fc.tuple(fc.constant(code), numberAfter(code))),
				writtenAs,
				([code, national], prefix) => {
					const e164 = `${code}${national}`;
					assert.equal(normalisePhone(`${prefix}${code} 0${national}`, {}), e164);
					const defaultCountryCode = String(code);
					assert.equal(normalisePhone(`0${national}`, { defaultCountryCode }), e164);
				},
			),
			RUNS,
		);
	});

	it('keeps the 0 after calling codes whose countries have no trunk 0', () => {
		// Among them 1 and 692 dial "1", 7, 375 and 993 dial "8" and 36 dials "06" (none are 0).
		const otherCode = fc.constantFrom(
			1,
			7,
			30,
			34,
			36,
			39,
			45,
			47,
			48,
			52,
			56,
			65,
			351,
			378,
			420,
			852,
			974,
		);
		fc.assert(
			fc.property(
				otherCode.chain((code) => fc.tuple(fc.constant(code), numberAfter(code))),
				writtenAs,
				([code, national], prefix) => {
					const e164 = `${code}0${national}`;
					if (e164.length > 15) return;
					assert.equal(normalisePhone(`${prefix}${code} 0${national}`, {}), e164);
					const defaultCountryCode = String(code);
					assert.equal(normalisePhone(`0${national}`, { defaultCountryCode }), e164);
				},
			),
			RUNS,
		);
	});
});

/** A country's numbers as people write them at home (national) and abroad (international). */
interface CountryForms {
	region: CountryCode;
	callingCode: string;
	national: string[];
	international: string[];
}

const COUNTRIES: CountryForms[] = [
	{
		region: 'GB',
		callingCode: '44',
		national: ['020 7946 0958', '(020) 7946 0958', '07911 123456', '0161 496 0000'],
		international: [
			'+44 20 7946 0958',
			'+44 (0)20 7946 0958',
			'+44 020 7946 0958',
			'0044 7911 123456',
			'+44 0 7911 123456',
		],
	},
	{
		region: 'DE',
		callingCode: '49',
		national: ['030 1234567', '(030) 123 456 78', '0151 23456789', '089/1234567'],
		international: ['+49 30 1234567', '+49 (0)30 1234567', '+49 030 1234567', '0049 151 23456789'],
	},
	{
		region: 'FR',
		callingCode: '33',
		national: ['01 23 45 67 89', '06 12 34 56 78'],
		international: [
			'+33 1 23 45 67 89',
			'+33 (0)1 23 45 67 89',
			'+33 01 23 45 67 89',
			'0033 6 12 34 56 78',
		],
	},
	{
		region: 'IT',
		callingCode: '39',
		national: ['06 1234 5678', '02 1234 5678', '312 345 6789'],
		international: ['+39 06 1234 5678', '+39 312 345 6789', '0039 02 1234 5678'],
	},
	{
		region: 'ES',
		callingCode: '34',
		national: ['912 34 56 78', '612 34 56 78'],
		international: ['+34 912 345 678', '0034 612 34 56 78'],
	},
	{
		region: 'NL',
		callingCode: '31',
		national: ['020 123 4567', '06 12345678', '010-1234567'],
		international: ['+31 20 123 4567', '+31 (0)20 123 4567', '+31 020 123 4567', '+31 6 12345678'],
	},
	{
		region: 'US',
		callingCode: '1',
		national: ['(657) 777-0000', '657.777.0000', '1 (657) 777-0000', '1-212-555-0123'],
		international: ['+1 657 777 0000', '+1 (212) 555-0123'],
	},
	{
		region: 'CA',
		callingCode: '1',
		national: ['(416) 555-0123', '416-555-0123', '1-416-555-0123'],
		international: ['+1 416 555 0123'],
	},
	{
		region: 'BR',
		callingCode: '55',
		national: ['(11) 91234-5678', '(011) 91234-5678', '011 91234 5678', '(21) 2345-6789'],
		international: ['+55 11 91234 5678', '+55 (11) 91234-5678', '+55 011 91234 5678'],
	},
	{
		region: 'IN',
		callingCode: '91',
		national: ['098765 43210', '98765 43210', '022 2345 6789'],
		international: ['+91 98765 43210', '+91 098765 43210', '0091 22 2345 6789'],
	},
	{
		region: 'JP',
		callingCode: '81',
		national: ['03-1234-5678', '090-1234-5678', '06-6123-4567'],
		international: ['+81 3 1234 5678', '+81 03 1234 5678', '+81 90 1234 5678'],
	},
	{
		region: 'AU',
		callingCode: '61',
		national: ['(02) 9876 5432', '0412 345 678'],
		international: ['+61 2 9876 5432', '+61 (0)2 9876 5432', '+61 0412 345 678', '+61 412 345 678'],
	},
	{
		region: 'MX',
		callingCode: '52',
		national: ['55 1234 5678', '33 1234 5678'],
		international: ['+52 55 1234 5678', '0052 33 1234 5678'],
	},
	{
		region: 'AM',
		callingCode: '374',
		national: ['093 828222', '010 123456', '(010) 12-34-56'],
		international: ['+374 93 828222', '+374 093 828222'],
	},
	{
		region: 'ZA',
		callingCode: '27',
		national: ['021 123 4567', '082 123 4567', '(011) 123-4567'],
		international: ['+27 21 123 4567', '+27 (0)21 123 4567', '+27 082 123 4567'],
	},
	{
		region: 'CH',
		callingCode: '41',
		national: ['044 668 18 00', '079 123 45 67'],
		international: ['+41 44 668 18 00', '+41 (0)44 668 18 00', '+41 044 668 18 00'],
	},
	{
		region: 'SE',
		callingCode: '46',
		national: ['08-123 456 78', '070-123 45 67'],
		international: ['+46 8 123 456 78', '+46 (0)8 123 456 78'],
	},
	{
		region: 'KR',
		callingCode: '82',
		national: ['02-312-3456', '010-1234-5678'],
		international: ['+82 2 312 3456', '+82 10 1234 5678', '+82 010 1234 5678'],
	},
	{
		region: 'CN',
		callingCode: '86',
		national: ['010 1234 5678', '139 1234 5678'],
		international: ['+86 10 1234 5678', '+86 139 1234 5678'],
	},
	{
		region: 'IE',
		callingCode: '353',
		national: ['01 234 5678', '085 123 4567'],
		international: ['+353 1 234 5678', '+353 (0)85 123 4567'],
	},
	{
		region: 'SM',
		callingCode: '378',
		national: ['0549 123456'],
		international: ['+378 0549 123456'],
	},
];

/** libphonenumber-js's E.164 digits for `text` read in `region`, and whether it calls it valid. */
function libphonenumber(text: string, region: CountryCode) {
	const parsed = parsePhoneNumberFromString(text, region);
	return { digits: parsed?.number.slice(1), valid: parsed?.isValid() ?? false };
}

describe('phones compared with libphonenumber-js', () => {
	it('gives the E.164 digits libphonenumber gives for national numbers with their country code', () => {
		for (const { region, callingCode, national } of COUNTRIES) {
			for (const text of national) {
				const expected = libphonenumber(text, region);
				assert.ok(expected.valid, `${region} ${text} is a valid number`);
				assert.equal(
					normalisePhone(text, { defaultCountryCode: callingCode }),
					expected.digits,
					`${region} ${text}`,
				);
			}
		}
	});

	it('gives the E.164 digits libphonenumber gives for international numbers, whatever the default', () => {
		// Read in Germany, where "00" is the international prefix as the node takes it everywhere.
		for (const { region, international } of COUNTRIES) {
			for (const text of international) {
				const expected = libphonenumber(text, 'DE');
				assert.ok(expected.valid, `${region} ${text} is a valid number`);
				for (const defaultCountryCode of [undefined, '1', '44']) {
					assert.equal(
						normalisePhone(text, { defaultCountryCode }),
						expected.digits,
						`${region} ${text}`,
					);
				}
			}
		}
		assert.ok(COUNTRIES.length >= 15);
	});

	it('differs only where this list says, and why', () => {
		const differences: Array<{
			text: string;
			region: CountryCode;
			node: string | undefined;
			libphonenumber: string | undefined;
			why: string;
		}> = [
			{
				text: '8 912 345-67-89',
				region: 'RU',
				node: '789123456789',
				libphonenumber: '79123456789',
				why: 'national prefixes other than 0 stay: 8 (Russia, Kazakhstan, Belarus, Turkmenistan)',
			},
			{
				text: '06 1 234 5678',
				region: 'HU',
				node: '360612345678',
				libphonenumber: '3612345678',
				why: "…and Hungary's 06",
			},
			{
				text: '0 15 11 91234-5678',
				region: 'BR',
				node: '551511912345678',
				libphonenumber: '5511912345678',
				why: "Brazil's carrier selection codes (0 15 …) are not recognised",
			},
			{
				text: '+250 06 780 510',
				region: 'RW',
				node: '2506780510',
				libphonenumber: '25006780510',
				why: "Rwanda dials a trunk 0, and also has numbers starting 06: the node can't tell them apart",
			},
			{
				text: '011 44 20 7946 0958',
				region: 'US',
				node: undefined,
				libphonenumber: '442079460958',
				why: "only '+' and '00' are international prefixes, not North America's 011…",
			},
			{
				text: '0011 44 20 7946 0958',
				region: 'AU',
				node: '11442079460958',
				libphonenumber: '442079460958',
				why: "…nor Australia's 0011 (read as 00, then 11…)",
			},
			{
				text: '44 20 7946 0958',
				region: 'GB',
				node: '44442079460958',
				libphonenumber: '442079460958',
				why: 'a national number already led by the default code (no + or 00) gets it twice, bar 1',
			},
			{
				text: '+49 30 123',
				region: 'DE',
				node: undefined,
				libphonenumber: '4930123',
				why: 'the node wants 8 to 15 digits; it does not know per-country lengths…',
			},
		];
		const callingCodes: Partial<Record<CountryCode, string>> = {
			DE: '49',
			RU: '7',
			HU: '36',
			BR: '55',
			RW: '250',
			US: '1',
			AU: '61',
			GB: '44',
		};
		for (const { text, region, node, libphonenumber: digits, why } of differences) {
			assert.equal(libphonenumber(text, region).digits, digits, `${text}: ${why}`);
			const options = { defaultCountryCode: callingCodes[region] };
			assert.equal(normalisePhone(text, options), node, `${text}: ${why}`);
		}
		// …so it keeps numbers libphonenumber finds too short or too long for their country.
		assert.equal(normalisePhone('+44 20 7946 095', {}), '44207946095');
		assert.deepEqual(libphonenumber('+44 20 7946 095', 'GB'), {
			digits: '44207946095',
			valid: false,
		});
	});
});
