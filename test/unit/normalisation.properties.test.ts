// Properties of normalisation and hashing that must hold for every input, not just the examples:
// fast-check generates the inputs and shrinks any counterexample to a small one.
import { createHash } from 'crypto';
import fc from 'fast-check';

import { CustomerFileBuilder } from '../../nodes/TikTokForBusiness/customerFile/builder';
import {
	hashAlgorithmFor,
	normaliseEmail,
	normalisePhone,
	prepareIdentifier,
} from '../../nodes/TikTokForBusiness/customerFile/identifiers';
import type {
	HashAlgorithm,
	IdentifierType,
	NormaliseOptions,
} from '../../nodes/TikTokForBusiness/customerFile/types';
import { assert, describe, it } from '../support/testing';

const RUNS = { numRuns: 1000 };

const digestOf = (algorithm: HashAlgorithm, value: string) =>
	createHash(algorithm).update(value).digest('hex');

const TYPES: IdentifierType[] = ['email', 'phone', 'idfa', 'gaid', 'maid'];
const MOBILE_TYPES: IdentifierType[] = ['idfa', 'gaid', 'maid'];

const anyType = fc.constantFrom(...TYPES);
const mobileType = fc.constantFrom(...MOBILE_TYPES);

/** Every combination of options, each one set or left to its default. */
const anyOptions: fc.Arbitrary<NormaliseOptions> = fc.record(
	{
		defaultCountryCode: fc.constantFrom('1', '44', '+49', '0033', '', ' '),
		phoneIncludePlus: fc.boolean(),
		emailRemovePlusTag: fc.boolean(),
		mobileIdHash: fc.constantFrom<HashAlgorithm>('sha256', 'md5'),
		mobileIdsAreMd5Digests: fc.boolean(),
	},
	{ requiredKeys: [] },
);

/** Characters that String.prototype.trim removes. */
const whitespace = fc.string({
	unit: fc.constantFrom(' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u2009', '\u3000', '\ufeff'),
	maxLength: 4,
});

/**
 * One character that is not text: C0/C1 controls other than whitespace, U+FFFD, a lone surrogate.
 * NUL and U+FFFD, what binary and non-UTF-8 files bring, come up most often.
 */
const notTextCharacter = fc
	.oneof(
		{ arbitrary: fc.constantFrom(0x00, 0xfffd), weight: 4 },
		fc.integer({ min: 0x01, max: 0x08 }),
		fc.integer({ min: 0x0e, max: 0x1f }),
		fc.integer({ min: 0x7f, max: 0x9f }),
		fc.constant(0xfffd),
		fc.integer({ min: 0xd800, max: 0xdfff }),
	)
	.map((code) => String.fromCharCode(code));

const digit = fc.constantFrom(...'0123456789'.split(''));
const hexDigit = fc.constantFrom(...'0123456789abcdefABCDEF'.split(''));
const hex = (length: number) => fc.string({ unit: hexDigit, minLength: length, maxLength: length });

/** E-mail addresses the node accepts, as fast-check writes them (RFC 5322 local parts). */
const validEmail = fc
	.emailAddress()
	.filter((email) => normaliseEmail(email, { emailRemovePlusTag: false }) !== undefined);

/** A phone number with its country code: '+' or '00', then 8 to 15 digits and separators. */
const internationalPhone = fc
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
	.filter(({ value }) => !value.includes('(0)'));

/** Anything a spreadsheet, an API or a careless expression might put in a phone field. */
const phoneLike = fc.oneof(
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
function validValue(type: IdentifierType): fc.Arbitrary<string> {
	if (type === 'email') return validEmail;
	if (type === 'phone') return internationalPhone.map(({ value }) => value);
	return fc.uuid().filter((id) => !/^[0-]+$/.test(id));
}

const typeAndValidValue = anyType.chain((type) =>
	validValue(type).map((value) => ({ type, value })),
);

/** Insert `insert` into `text` at a position chosen by `at` (0 to 1). */
function insertAt(text: string, insert: string, at: number): string {
	const index = Math.floor(at * (text.length + 1));
	return text.slice(0, index) + insert + text.slice(index);
}

const position = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe('property: blank and non-text values are never hashed', () => {
	it('drops blanks of every kind as blank', () => {
		fc.assert(
			fc.property(
				anyType,
				anyOptions,
				fc.oneof(whitespace, fc.constantFrom(null, undefined)),
				(type, options, value) => {
					assert.deepEqual(prepareIdentifier(type, value, options), { ok: false, reason: 'blank' });
				},
			),
			RUNS,
		);
	});

	it('drops a valid identifier once a character that is not text is put anywhere in it', () => {
		fc.assert(
			fc.property(
				typeAndValidValue,
				anyOptions,
				notTextCharacter,
				position,
				({ type, value }, options, bad, at) => {
					const result = prepareIdentifier(type, insertAt(value, bad, at), options);
					assert.equal(result.ok, false);
				},
			),
			RUNS,
		);
	});

	it('drops an e-mail whose +tag holds a character that is not text', () => {
		fc.assert(
			fc.property(
				validEmail,
				fc.string({ unit: fc.constantFrom(...'abc019.-_'.split('')), maxLength: 6 }),
				notTextCharacter,
				position,
				anyOptions,
				(email, tag, bad, at, options) => {
					const split = email.indexOf('@');
					const tagged = `${email.slice(0, split)}+${insertAt(tag, bad, at)}${email.slice(split)}`;
					assert.equal(prepareIdentifier('email', tagged, options).ok, false);
				},
			),
			RUNS,
		);
	});

	it('drops any string holding a character that is not text', () => {
		fc.assert(
			fc.property(
				anyType,
				anyOptions,
				fc.string({ unit: 'binary', maxLength: 40 }),
				notTextCharacter,
				position,
				(type, options, text, bad, at) => {
					assert.equal(prepareIdentifier(type, insertAt(text, bad, at), options).ok, false);
				},
			),
			RUNS,
		);
	});

	it('drops values that are not text, except whole numbers in phone fields', () => {
		const notString = fc
			.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true })
			.filter((value) => typeof value !== 'string')
			.filter((value) => !(typeof value === 'number' && Number.isInteger(value)));
		fc.assert(
			fc.property(anyType, anyOptions, notString, (type, options, value) => {
				assert.equal(prepareIdentifier(type, value, options).ok, false);
			}),
			RUNS,
		);
	});

	it('writes only digests of the right length into customer files, and counts every row', () => {
		const cell = fc.oneof(
			fc.anything(),
			whitespace,
			fc.string({ unit: 'binary', maxLength: 20 }),
			validEmail,
			internationalPhone.map(({ value }) => value),
			fc.uuid(),
			hex(32),
			hex(64),
		);
		fc.assert(
			fc.property(
				fc.uniqueArray(anyType, { minLength: 1, maxLength: 5 }),
				anyOptions,
				fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 30 }),
				(types, options, rows) => {
					const builder = new CustomerFileBuilder({
						...options,
						types,
						rowsPerFile: 7,
						fileNamePrefix: 'p',
					});
					for (const row of rows) builder.addRow(row);
					const summary = builder.finish();
					const dropped = Object.values(summary.droppedByReason).reduce((sum, n) => sum + n, 0);
					assert.equal(summary.rowsReceived, rows.length);
					assert.equal(summary.rowsAccepted + dropped, rows.length);
					const lengths = types.map((type) =>
						hashAlgorithmFor(type, options) === 'md5' ? 32 : 64,
					);
					const emptyDigests = new Set([digestOf('sha256', ''), digestOf('md5', '')]);
					for (const file of summary.files) {
						const [, ...lines] = file.content.toString('latin1').slice(0, -1).split('\n');
						assert.equal(lines.length, file.rows);
						for (const line of lines) {
							const cells = line.split(',');
							assert.equal(cells.length, types.length);
							assert.ok(
								cells.some((digest) => digest !== ''),
								'a row has a digest',
							);
							cells.forEach((digest, column) => {
								if (digest === '') return;
								assert.match(digest, new RegExp(`^[0-9a-f]{${lengths[column]}}$`));
								assert.ok(!emptyDigests.has(digest), 'an empty value was hashed');
							});
						}
					}
				},
			),
			{ numRuns: 300 },
		);
	});
});

describe('property: hashing is idempotent on digests', () => {
	it('keeps a SHA-256 digest as it is, lower-cased, in every field that uploads SHA-256', () => {
		fc.assert(
			fc.property(
				anyType,
				anyOptions,
				hex(64),
				whitespace,
				whitespace,
				(type, options, digest, before, after) => {
					const result = prepareIdentifier(type, `${before}${digest}${after}`, options);
					if (hashAlgorithmFor(type, options) === 'sha256') {
						assert.deepEqual(result, { ok: true, digest: digest.toLowerCase(), wasHashed: true });
					} else {
						assert.deepEqual(result, { ok: false, reason: 'wrongHashType' });
					}
				},
			),
			RUNS,
		);
	});

	it('keeps an MD5 digest as it is, lower-cased, in mobile ID fields declared to hold digests', () => {
		const declared: NormaliseOptions = { mobileIdHash: 'md5', mobileIdsAreMd5Digests: true };
		fc.assert(
			fc.property(mobileType, hex(32), whitespace, (type, digest, padding) => {
				assert.deepEqual(prepareIdentifier(type, `${padding}${digest}${padding}`, declared), {
					ok: true,
					digest: digest.toLowerCase(),
					wasHashed: true,
				});
			}),
			RUNS,
		);
	});

	it('gives back the same digest when its own output is passed in again', () => {
		fc.assert(
			fc.property(
				typeAndValidValue,
				anyOptions,
				fc.boolean(),
				({ type, value }, options, upper) => {
					const first = prepareIdentifier(type, value, options);
					if (!first.ok) return;
					// An MD5 mobile ID digest passed in again must be declared as one (see README).
					const again = prepareIdentifier(type, upper ? first.digest.toUpperCase() : first.digest, {
						...options,
						mobileIdsAreMd5Digests: true,
					});
					assert.deepEqual(again, { ok: true, digest: first.digest, wasHashed: true });
				},
			),
			RUNS,
		);
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
				assert.deepEqual(prepareIdentifier('phone', value, options), {
					ok: true,
					digest: digestOf('sha256', expected),
					wasHashed: false,
				});
			}),
			RUNS,
		);
	});
});

describe('property: e-mails that differ only in padding and case hash the same', () => {
	it('hashes an address with any surrounding whitespace and any case as the plain address', () => {
		fc.assert(
			fc.property(
				validEmail.chain((email) => fc.tuple(fc.constant(email), fc.mixedCase(fc.constant(email)))),
				whitespace,
				whitespace,
				anyOptions,
				([email, variant], before, after, options) => {
					const plain = prepareIdentifier('email', email, options);
					const padded = prepareIdentifier('email', `${before}${variant}${after}`, options);
					assert.ok(plain.ok);
					assert.deepEqual(padded, plain);
					assert.equal(
						plain.digest,
						digestOf('sha256', normaliseEmail(email.toLowerCase(), options)!),
					);
				},
			),
			RUNS,
		);
	});

	it('hashes an address with a +tag as the address without it, unless asked to keep it', () => {
		const tag = fc.string({ unit: fc.constantFrom(...'abcXYZ019.-_+'.split('')), maxLength: 8 });
		fc.assert(
			fc.property(
				validEmail.filter((email) => !email.slice(0, email.indexOf('@')).includes('+')),
				tag,
				(email, suffix) => {
					const at = email.indexOf('@');
					const tagged = `${email.slice(0, at)}+${suffix}${email.slice(at)}`;
					assert.deepEqual(
						prepareIdentifier('email', tagged, {}),
						prepareIdentifier('email', email, {}),
					);
					const keep = { emailRemovePlusTag: false };
					const kept = prepareIdentifier('email', tagged, keep);
					assert.ok(kept.ok);
					assert.equal(kept.digest, digestOf('sha256', tagged.toLowerCase()));
				},
			),
			RUNS,
		);
	});
});

describe('property: a mobile ID digest is never the raw ID', () => {
	/** A device ID as people write it: any case, with or without hyphens, maybe padded. */
	const writtenId = fc
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

	it('hashes every written form of an ID to the digest of its lower-case hyphenated form', () => {
		fc.assert(
			fc.property(mobileType, writtenId, anyOptions, (type, { id, value }, options) => {
				// Declaring MD5 digests is the one way to keep 32 hex characters as they are.
				const undeclared = { ...options, mobileIdsAreMd5Digests: false };
				const result = prepareIdentifier(type, value, undeclared);
				const algorithm = hashAlgorithmFor(type, options);
				assert.deepEqual(result, {
					ok: true,
					digest: digestOf(algorithm, id.toLowerCase()),
					wasHashed: false,
				});
				const raw = id.toLowerCase();
				assert.notEqual(result.digest, raw);
				assert.notEqual(result.digest, raw.replace(/-/g, ''));
			}),
			RUNS,
		);
	});

	it('hashes an ID written with hyphens even where MD5 digests are declared', () => {
		fc.assert(
			fc.property(
				mobileType,
				fc.uuid().filter((id) => !/^[0-]+$/.test(id)),
				(type, id) => {
					const result = prepareIdentifier(type, id.toUpperCase(), {
						mobileIdHash: 'md5',
						mobileIdsAreMd5Digests: true,
					});
					assert.deepEqual(result, {
						ok: true,
						digest: digestOf('md5', id.toLowerCase()),
						wasHashed: false,
					});
				},
			),
			RUNS,
		);
	});

	it('never writes a raw ID into a customer file', () => {
		fc.assert(
			fc.property(
				fc.uniqueArray(mobileType, { minLength: 1, maxLength: 3 }),
				fc.constantFrom<HashAlgorithm>('sha256', 'md5'),
				fc.array(writtenId, { minLength: 1, maxLength: 20 }),
				(types, mobileIdHash, ids) => {
					const builder = new CustomerFileBuilder({
						types,
						mobileIdHash,
						rowsPerFile: 100,
						fileNamePrefix: 'p',
					});
					for (const { value } of ids) builder.addRow(types.map(() => value));
					const content = builder
						.finish()
						.files.map((file) => file.content.toString('latin1'))
						.join('');
					for (const { id } of ids) {
						assert.ok(!content.includes(id.toLowerCase()));
						assert.ok(!content.includes(id.toLowerCase().replace(/-/g, '')));
					}
				},
			),
			{ numRuns: 300 },
		);
	});
});
