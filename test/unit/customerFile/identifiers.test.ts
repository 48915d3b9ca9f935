import { createHash } from 'crypto';
import fc from 'fast-check';
import isEmail from 'validator/lib/isEmail';

import {
	digestIdentifier,
	hashAlgorithmFor,
} from '../../../nodes/TikTokForBusiness/customerFile/identifiers';
import type {
	DropReason,
	HashAlgorithm,
	IdentifierType,
	NormaliseOptions,
} from '../../../nodes/TikTokForBusiness/customerFile/types';
import {
	anyOptions,
	anyType,
	expectedEmail,
	hex,
	insertAt,
	mobileType,
	notTextCharacter,
	position,
	typeAndValidValue,
	validEmail,
	WHATWG_EMAIL,
	whitespace,
	writtenId,
} from '../../support/identifierArbitraries';
import { assert, describe, it } from '../../support/testing';

const RUNS = { numRuns: 1000 };

const digestOf = (algorithm: HashAlgorithm, value: string) =>
	createHash(algorithm).update(value).digest('hex');
const sha256 = (value: string) => digestOf('sha256', value);
const md5 = (value: string) => digestOf('md5', value);

const US: NormaliseOptions = { defaultCountryCode: '1' };
const IDFA = 'AEBE52E7-03EE-455A-B3C4-E57283966239';
const ZERO_ID = '00000000-0000-0000-0000-000000000000';

function dropped(reason: DropReason) {
	return { ok: false, reason };
}

/** The digest of an e-mail, or its drop. */
const email = (value: unknown, options: NormaliseOptions = {}) =>
	digestIdentifier('email', value, options);

describe('hashAlgorithmFor', () => {
	it('uses SHA-256 for email and phone whatever the mobile ID choice', () => {
		assert.equal(hashAlgorithmFor('email', { mobileIdHash: 'md5' }), 'sha256');
		assert.equal(hashAlgorithmFor('phone', { mobileIdHash: 'md5' }), 'sha256');
	});

	it('uses the chosen digest for mobile IDs, SHA-256 by default', () => {
		for (const type of ['idfa', 'gaid', 'maid'] as IdentifierType[]) {
			assert.equal(hashAlgorithmFor(type, {}), 'sha256');
			assert.equal(hashAlgorithmFor(type, { mobileIdHash: 'md5' }), 'md5');
			assert.equal(hashAlgorithmFor(type, { mobileIdHash: 'sha256' }), 'sha256');
		}
	});
});

describe('e-mails', () => {
	it("normalises TikTok's Help Center example to janedoe@gmail.com", () => {
		assert.equal(email('  JaneDoe@Gmail.com '), sha256('janedoe@gmail.com'));
		assert.equal(email('JANEDOE@GMAIL.COM'), sha256('janedoe@gmail.com'));
	});

	it('drops an address with whitespace inside instead of joining its parts', () => {
		// Testers found "a@x.com<TAB>John Smith" hashed as "a@x.comjohnsmith", matching nobody.
		for (const value of [
			'a@x.com\tJohn Smith',
			'jane doe@gmail.com',
			'jane@gmail. com',
			'\tjane\u00a0doe@gmail.com\n',
			' jane + news @example.com',
			'jane@exam\u200bple.com',
		]) {
			assert.deepEqual(email(value), dropped('invalidEmail'), JSON.stringify(value));
		}
	});

	it('drops display names, mailto: links, comments, quotes and hyphen-led labels', () => {
		for (const value of [
			'John <a@x.com>',
			'<a@x.com>',
			'mailto:a@x.com',
			'a@x.com (work)',
			'a"@x.com',
			'"a"@x.com',
			'"a b"@x.com',
			'a@-x.com',
			'a@x-.com',
			'a@x.-com',
			'a@x.com-',
			'a@x_y.com',
			'a@[192.0.2.1]',
			'a,b@x.com',
			'a\\b@x.com',
		]) {
			assert.deepEqual(email(value), dropped('invalidEmail'), value);
		}
	});

	it('drops non-ASCII addresses, which the WHATWG rule leaves out (IDN domains go as xn--)', () => {
		for (const value of ['Élodie@Example.fr', 'jane@exämple.com', 'Jane\u{1d4d9}@example.com']) {
			assert.deepEqual(email(value), dropped('invalidEmail'), value);
		}
		assert.equal(email('jane@XN--exmple-cua.com'), sha256('jane@xn--exmple-cua.com'));
	});

	it("accepts every symbol of the WHATWG rule's local part after a letter or digit", () => {
		const local = "a.!#$%&'*/=?^_`{|}~-";
		assert.equal(email(`${local}@x.io`), sha256(`${local}@x.io`));
		assert.equal(email('a..b.@x.io'), sha256('a..b.@x.io'), 'dots anywhere after the first');
		assert.equal(email('1jane@example.com'), sha256('1jane@example.com'));
	});

	it('accepts domain labels of 1 to 63 characters with hyphens inside, and numeric ones', () => {
		const longest = 'a'.repeat(61);
		assert.equal(email(`j@b${longest}c.io`), sha256(`j@b${longest}c.io`));
		assert.deepEqual(email(`j@b${longest}cd.io`), dropped('invalidEmail'), '64 characters');
		assert.equal(email('j@x-1--2.y.z'), sha256('j@x-1--2.y.z'));
		assert.equal(email('j@1.2.3.4'), sha256('j@1.2.3.4'));
	});

	it("removes a +tag up to the @ by default, as TikTok's list of supported formats asks", () => {
		assert.equal(email('Jane.Doe+Ads@Gmail.com'), sha256('jane.doe@gmail.com'));
		assert.equal(email('jane+a+b@example.com'), sha256('jane@example.com'));
		assert.equal(email('jane+@example.com'), sha256('jane@example.com'));
	});

	it('keeps the +tag when asked, and dots either way', () => {
		const keep: NormaliseOptions = { emailRemovePlusTag: false };
		assert.equal(email('Jane.Doe+Ads@Gmail.com', keep), sha256('jane.doe+ads@gmail.com'));
		assert.equal(
			email('Jane.Doe+Ads@Gmail.com', { emailRemovePlusTag: true }),
			sha256('jane.doe@gmail.com'),
		);
	});

	it('checks the whole address, +tag included, before removing the +tag', () => {
		for (const value of [
			'jane+news@localhost',
			'jane+news@doe@example.com',
			'jane+news',
			'jane+(news)@example.com',
			'jane+news letter@example.com',
		]) {
			assert.deepEqual(email(value), dropped('invalidEmail'), value);
		}
	});

	it('rejects local parts starting with a symbol', () => {
		for (const value of [
			'.jane@example.com',
			'_jane@example.com',
			'+jane@example.com',
			'-j@x.io',
		]) {
			assert.deepEqual(email(value), dropped('invalidEmail'), value);
		}
	});

	it('rejects a missing, doubled or leading @', () => {
		for (const value of ['janedoe.gmail.com', 'jane@doe@gmail.com', '@gmail.com', 'jane@']) {
			assert.deepEqual(email(value), dropped('invalidEmail'), value);
		}
	});

	it('rejects domains without a dot or with empty labels', () => {
		for (const value of [
			'jane@localhost',
			'jane@.gmail.com',
			'jane@gmail..com',
			'jane@gmail.com.',
			'jane@.',
		]) {
			assert.deepEqual(email(value), dropped('invalidEmail'), value);
		}
	});
});

describe('mobile IDs', () => {
	const idfa = (value: string) => digestIdentifier('idfa', value, {});
	const id = IDFA.toLowerCase();

	it('trims and lower-cases UUIDs', () => {
		assert.equal(idfa(`  ${IDFA} `), sha256(id));
		assert.equal(idfa(id), sha256(id));
	});

	it('rejects the all-zero ID of devices with limited ad tracking', () => {
		assert.deepEqual(idfa(ZERO_ID), dropped('invalidMobileId'));
	});

	it('adds the hyphens to a UUID written without them', () => {
		assert.equal(idfa(IDFA.replace(/-/g, '')), sha256(id));
		assert.equal(idfa(` ${id.replace(/-/g, '')}\n`), sha256(id));
		assert.deepEqual(idfa('0'.repeat(32)), dropped('invalidMobileId'));
	});

	it('rejects anything that is not a UUID, with all four hyphens or none', () => {
		for (const value of [
			IDFA.replace('-', ''),
			`{${IDFA}}`,
			IDFA.slice(1),
			IDFA.replace('A', 'G'),
			IDFA.replace(/-/g, '_'),
			'AEBE52E703EE-455A-B3C4-E57283966239-',
		]) {
			assert.deepEqual(idfa(value), dropped('invalidMobileId'), value);
		}
	});
});

describe('digestIdentifier', () => {
	it('gives the digest as a string and every drop as one shared object per reason', () => {
		assert.equal(digestIdentifier('email', ' Jane@Example.com', {}), sha256('jane@example.com'));
		assert.equal(digestIdentifier('email', sha256('x').toUpperCase(), {}), sha256('x'));
		const blank = digestIdentifier('email', '', {});
		assert.deepEqual(blank, dropped('blank'));
		assert.equal(digestIdentifier('phone', undefined, {}), blank);
		assert.equal(digestIdentifier('email', 'no at sign', {}), digestIdentifier('email', 'x@', {}));
		assert.ok(Object.isFrozen(blank));
	});

	it('hashes normalised emails with SHA-256 in lower-case hex', () => {
		assert.equal(email('  JaneDoe@Gmail.com '), sha256('janedoe@gmail.com'));
		assert.equal(email('JaneDoe+Promo@Gmail.com'), sha256('janedoe@gmail.com'));
		assert.equal(
			email('JaneDoe+Promo@Gmail.com', { emailRemovePlusTag: false }),
			sha256('janedoe+promo@gmail.com'),
		);
	});

	it("matches the digests TikTok's Help Center publishes, with the default options", () => {
		// "How to create a Custom Audience with a customer file" (Sep 2025): +37493828222 hashes to
		// 65b7e6dc…, the SHA-256 of the digits without the "+"; janedoe@gmail.com to d6117306….
		const phone = '65b7e6dcf6f4310f8d7cbfbd78289a753062fb054d6664fb9aaac5df66a422d4';
		for (const value of ['+37493828222', '374-93-828222', '+374 93 828222', 37493828222]) {
			assert.equal(digestIdentifier('phone', value, {}), phone, String(value));
		}
		const published = 'd6117306485ed0e50afab3ac871e98f81699151f30281527d63ff5f233656c69';
		for (const value of ['janedoe@gmail.com', '  JaneDoe@Gmail.com ', 'JANEDOE@GMAIL.COM']) {
			assert.equal(email(value), published, value);
		}
	});

	it('hashes phones in E.164 without the + by default, with it when asked', () => {
		assert.equal(digestIdentifier('phone', '(657)777-0000', US), sha256('16577770000'));
		assert.equal(
			digestIdentifier('phone', '(657)777-0000', { ...US, phoneIncludePlus: true }),
			sha256('+16577770000'),
		);
		assert.equal(
			digestIdentifier('phone', '374-93-828222', { phoneIncludePlus: true }),
			sha256('+37493828222'),
		);
	});

	it('reads whole numbers from spreadsheets as phone numbers', () => {
		assert.equal(digestIdentifier('phone', 6577770000, US), sha256('16577770000'));
		assert.equal(digestIdentifier('phone', 16577770000, {}), sha256('16577770000'));
		assert.deepEqual(digestIdentifier('phone', 1234567, {}), dropped('invalidPhone'));
		assert.deepEqual(digestIdentifier('phone', -16577770000, {}), dropped('invalidPhone'));
		assert.deepEqual(digestIdentifier('phone', 1e21, {}), dropped('invalidPhone'));
	});

	it('drops other non-text phone values as notText', () => {
		for (const value of [6577770000.5, Number.NaN, Infinity, true, {}, [], ['+16577770000']]) {
			assert.deepEqual(digestIdentifier('phone', value, US), dropped('notText'), String(value));
		}
	});

	it('drops numbers and other non-text values for email and mobile IDs', () => {
		for (const type of ['email', 'idfa', 'gaid', 'maid'] as IdentifierType[]) {
			for (const value of [42, false, true, {}, [], new Date(0), Symbol('x'), 10n]) {
				assert.deepEqual(digestIdentifier(type, value, {}), dropped('notText'), type);
			}
		}
	});

	it('drops blanks without hashing them', () => {
		for (const type of ['email', 'phone', 'idfa', 'gaid', 'maid'] as IdentifierType[]) {
			for (const value of [null, undefined, '', '   ', '\t\n', '\u00a0']) {
				assert.deepEqual(digestIdentifier(type, value, US), dropped('blank'), type);
			}
		}
	});

	it('drops values holding characters that are not text as invalidEncoding, never hashing them', () => {
		const values: Record<IdentifierType, string> = {
			email: 'jane@example.com',
			phone: '+1 657 777 0000',
			idfa: IDFA,
			gaid: IDFA,
			maid: IDFA,
		};
		for (const type of Object.keys(values) as IdentifierType[]) {
			const valid = values[type];
			assert.equal(typeof digestIdentifier(type, valid, {}), 'string', type);
			for (const bad of [
				'\u0000', // NUL
				'\ufffd', // bytes that were not UTF-8, e.g. a Latin-1 "ü"
				'\ud800', // half of a surrogate pair
				'\udc00',
				'\u0007',
				'\u001f',
				'\u007f',
				'\u0085',
			]) {
				for (const value of [
					`${valid}${bad}`,
					`${bad}${valid}`,
					`${valid.slice(0, 3)}${bad}${valid.slice(3)}`,
				]) {
					assert.deepEqual(
						digestIdentifier(type, value, {}),
						dropped('invalidEncoding'),
						`${type} ${JSON.stringify(value)}`,
					);
				}
			}
			assert.deepEqual(digestIdentifier(type, '\u0000', {}), dropped('invalidEncoding'), type);
		}
	});

	it('drops an e-mail whose +tag holds a character that is not text', () => {
		assert.deepEqual(email('jane+\u0000news@example.com'), dropped('invalidEncoding'));
	});

	it('drops letters outside the Basic Multilingual Plane as invalidEmail: text, not an address', () => {
		assert.deepEqual(email('Jane\u{1d4d9}@example.com'), dropped('invalidEmail'));
	});

	it('drops values longer than 512 characters', () => {
		const longest = `${'a'.repeat(500)}@example.com`;
		assert.equal(longest.length, 512);
		assert.equal(email(longest), sha256(longest));
		assert.deepEqual(email(`b${longest}`), dropped('tooLong'));
		assert.deepEqual(digestIdentifier('phone', '1'.repeat(600), {}), dropped('tooLong'));
		assert.equal(email(`  ${longest}  `), sha256(longest), 'padding does not count');
	});

	it('names the reason for invalid values by type', () => {
		assert.deepEqual(email('jane@doe@gmail.com'), dropped('invalidEmail'));
		assert.deepEqual(email('.jane@gmail.com'), dropped('invalidEmail'));
		assert.deepEqual(digestIdentifier('phone', '657-777-CALL', US), dropped('invalidPhone'));
		assert.deepEqual(digestIdentifier('phone', '+1234567', {}), dropped('invalidPhone'));
		assert.deepEqual(digestIdentifier('idfa', ZERO_ID, {}), dropped('invalidMobileId'));
		assert.deepEqual(digestIdentifier('gaid', 'not-an-id', {}), dropped('invalidMobileId'));
	});

	it('hashes mobile IDs lower-cased with the chosen digest', () => {
		const id = IDFA.toLowerCase();
		assert.equal(digestIdentifier('idfa', ` ${IDFA} `, {}), sha256(id));
		assert.equal(digestIdentifier('gaid', IDFA, { mobileIdHash: 'sha256' }), sha256(id));
		assert.equal(digestIdentifier('maid', IDFA, { mobileIdHash: 'md5' }), md5(id));
		assert.equal(digestIdentifier('idfa', IDFA, { mobileIdHash: 'md5' }), md5(id));
	});

	it('keeps SHA-256 digests as they are, lower-cased, without normalising them', () => {
		const digest = sha256('janedoe@gmail.com');
		const upper = digest.toUpperCase();
		for (const type of ['email', 'phone', 'idfa', 'gaid', 'maid'] as IdentifierType[]) {
			assert.equal(digestIdentifier(type, digest, US), digest, type);
			assert.equal(digestIdentifier(type, upper, US), digest, type);
			assert.equal(digestIdentifier(type, `  ${upper}\n`, US), digest, type);
		}
	});

	it('keeps digits-only digests as digests rather than reading them as phone numbers', () => {
		const digits = '1'.repeat(64);
		assert.equal(digestIdentifier('phone', digits, US), digits);
	});

	it('keeps MD5 digests of mobile IDs only when they are declared to be digests', () => {
		const digest = md5(IDFA.toLowerCase());
		const declared: NormaliseOptions = { mobileIdHash: 'md5', mobileIdsAreMd5Digests: true };
		for (const type of ['idfa', 'gaid', 'maid'] as IdentifierType[]) {
			assert.equal(digestIdentifier(type, digest.toUpperCase(), declared), digest);
			// A declaration covers digests only: a raw ID in the same column is still hashed.
			assert.equal(digestIdentifier(type, IDFA, declared), digest);
		}
		assert.deepEqual(
			digestIdentifier('idfa', digest, { mobileIdsAreMd5Digests: true }),
			dropped('wrongHashType'),
			'an MD5 digest in a SHA-256 upload',
		);
	});

	it('hashes a mobile ID of 32 hex characters as a UUID written without hyphens', () => {
		// An IDFA or GAID without its hyphens looks like an MD5 digest; taken for one, the raw ID
		// would be uploaded unhashed.
		const id = IDFA.toLowerCase();
		for (const bareId of [IDFA.replace(/-/g, ''), id.replace(/-/g, '')]) {
			for (const type of ['idfa', 'gaid', 'maid'] as IdentifierType[]) {
				assert.equal(digestIdentifier(type, bareId, {}), sha256(id), type);
				assert.equal(digestIdentifier(type, ` ${bareId} `, { mobileIdHash: 'md5' }), md5(id), type);
			}
		}
		assert.deepEqual(digestIdentifier('maid', '0'.repeat(32), {}), dropped('invalidMobileId'));
	});

	it("matches the MAID digest TikTok's Help Center publishes", () => {
		// "How to create a Custom Audience with a customer file" / "List of supported IDs and
		// formats": 5f3a2b18-9c4d-4e7f-b8e2-17d3a1e69b25 hashes to 83dc3f5f….
		const published = '83dc3f5f32b9472613b0f038d36f22585a609d018af6f6067f50da318bf354bd';
		for (const value of [
			'5f3a2b18-9c4d-4e7f-b8e2-17d3a1e69b25',
			' 5F3A2B18-9C4D-4E7F-B8E2-17D3A1E69B25 ',
			'5f3a2b189c4d4e7fb8e217d3a1e69b25',
		]) {
			assert.equal(digestIdentifier('maid', value, {}), published, value);
		}
	});

	it('drops digests of the wrong length for the algorithm instead of hashing them again', () => {
		const sha = sha256('x');
		const md = md5('x');
		assert.deepEqual(
			digestIdentifier('idfa', sha, { mobileIdHash: 'md5' }),
			dropped('wrongHashType'),
		);
		assert.deepEqual(email(md), dropped('wrongHashType'));
		assert.deepEqual(digestIdentifier('phone', md.toUpperCase(), US), dropped('wrongHashType'));
		assert.deepEqual(
			digestIdentifier('gaid', md, { mobileIdsAreMd5Digests: true }),
			dropped('wrongHashType'),
		);
	});

	it('treats 63 and 65 hex characters as ordinary values, which are invalid', () => {
		const digest = sha256('janedoe@gmail.com');
		for (const value of [digest.slice(1), `${digest}a`, `${digest}0`]) {
			assert.deepEqual(email(value), dropped('invalidEmail'));
			assert.deepEqual(digestIdentifier('idfa', value, {}), dropped('invalidMobileId'));
		}
		assert.deepEqual(digestIdentifier('phone', digest.slice(1), US), dropped('invalidPhone'));
		assert.deepEqual(digestIdentifier('phone', '1'.repeat(63), US), dropped('invalidPhone'));
	});

	it('does not treat a digest embedded in a longer value as a digest', () => {
		const digest = sha256('janedoe@gmail.com');
		assert.deepEqual(email(`x${digest}`), dropped('invalidEmail'));
		assert.equal(email(`${digest}@example.com`), sha256(`${digest}@example.com`));
	});
});

describe('property: blank and non-text values are never hashed', () => {
	it('drops blanks of every kind as blank', () => {
		fc.assert(
			fc.property(
				anyType,
				anyOptions,
				fc.oneof(whitespace, fc.constantFrom(null, undefined)),
				(type, options, value) => {
					assert.deepEqual(digestIdentifier(type, value, options), dropped('blank'));
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
					const result = digestIdentifier(type, insertAt(value, bad, at), options);
					assert.equal(typeof result, 'object');
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
				(address, tag, bad, at, options) => {
					const split = address.indexOf('@');
					const tagged = `${address.slice(0, split)}+${insertAt(tag, bad, at)}${address.slice(split)}`;
					assert.equal(typeof email(tagged, options), 'object');
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
					const result = digestIdentifier(type, insertAt(text, bad, at), options);
					assert.equal(typeof result, 'object');
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
				assert.equal(typeof digestIdentifier(type, value, options), 'object');
			}),
			RUNS,
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
					const result = digestIdentifier(type, `${before}${digest}${after}`, options);
					if (hashAlgorithmFor(type, options) === 'sha256') {
						assert.equal(result, digest.toLowerCase());
					} else {
						assert.deepEqual(result, dropped('wrongHashType'));
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
				const result = digestIdentifier(type, `${padding}${digest}${padding}`, declared);
				assert.equal(result, digest.toLowerCase());
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
					const first = digestIdentifier(type, value, options);
					if (typeof first !== 'string') return;
					// An MD5 mobile ID digest passed in again must be declared as one (see README).
					const again = digestIdentifier(type, upper ? first.toUpperCase() : first, {
						...options,
						mobileIdsAreMd5Digests: true,
					});
					assert.equal(again, first);
				},
			),
			RUNS,
		);
	});
});

describe('property: e-mails that differ only in padding and case hash the same', () => {
	it('hashes an address with any surrounding whitespace and any case as the plain address', () => {
		fc.assert(
			fc.property(
				validEmail.chain((address) =>
					fc.tuple(fc.constant(address), fc.mixedCase(fc.constant(address))),
				),
				whitespace,
				whitespace,
				anyOptions,
				([address, variant], before, after, options) => {
					const plain = email(address, options);
					assert.equal(email(`${before}${variant}${after}`, options), plain);
					const lower = address.toLowerCase();
					const at = lower.indexOf('@');
					const plus = lower.indexOf('+');
					const expected =
						options.emailRemovePlusTag === false || plus === -1 || plus > at
							? lower
							: lower.slice(0, plus) + lower.slice(at);
					assert.equal(plain, sha256(expected));
				},
			),
			RUNS,
		);
	});

	it('hashes an address with a +tag as the address without it, unless asked to keep it', () => {
		const tag = fc.string({ unit: fc.constantFrom(...'abcXYZ019.-_+'.split('')), maxLength: 8 });
		fc.assert(
			fc.property(
				validEmail.filter((address) => !address.slice(0, address.indexOf('@')).includes('+')),
				tag,
				(address, suffix) => {
					const at = address.indexOf('@');
					const tagged = `${address.slice(0, at)}+${suffix}${address.slice(at)}`;
					assert.equal(email(tagged), email(address));
					const kept = email(tagged, { emailRemovePlusTag: false });
					assert.equal(kept, sha256(tagged.toLowerCase()));
				},
			),
			RUNS,
		);
	});
});

describe('property: a mobile ID digest is never the raw ID', () => {
	it('hashes every written form of an ID to the digest of its lower-case hyphenated form', () => {
		fc.assert(
			fc.property(mobileType, writtenId, anyOptions, (type, { id, value }, options) => {
				// Declaring MD5 digests is the one way to keep 32 hex characters as they are.
				const undeclared = { ...options, mobileIdsAreMd5Digests: false };
				const result = digestIdentifier(type, value, undeclared);
				const algorithm = hashAlgorithmFor(type, options);
				assert.equal(result, digestOf(algorithm, id.toLowerCase()));
				const raw = id.toLowerCase();
				assert.notEqual(result, raw);
				assert.notEqual(result, raw.replace(/-/g, ''));
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
					const result = digestIdentifier(type, id.toUpperCase(), {
						mobileIdHash: 'md5',
						mobileIdsAreMd5Digests: true,
					});
					assert.equal(result, digestOf('md5', id.toLowerCase()));
				},
			),
			RUNS,
		);
	});
});

/** Characters that are not text (see isText): such values are dropped as invalidEncoding. */
const NOT_TEXT =
	// eslint-disable-next-line no-control-regex -- control characters are what it looks for
	/[\u0000-\u0008\u000e-\u001f\u007f-\u009f\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Addresses as testers and CRMs write them: valid ones, and every way of being almost one. */
const emailCorpus = (() => {
	const weighted = (common: string, rare: string) =>
		fc.oneof(
			{ weight: 6, arbitrary: fc.constantFrom(...common.split('')) },
			{ weight: 1, arbitrary: fc.constantFrom(...rare.split('')) },
		);
	const hostile = ' \t\u00a0"(),:;<>@[\\]éÉß\u200b\u3000\u0000\ufffd';
	const local = fc.string({
		unit: weighted('abcXYZ019', `.!#$%&'*+/=?^_\`{|}~-${hostile}`),
		minLength: 1,
		maxLength: 12,
	});
	const label = fc.oneof(
		{ weight: 8, arbitrary: fc.string({ unit: weighted('abcXYZ019', '-_.é'), maxLength: 8 }) },
		// Labels around the 63-character limit, hyphens included.
		{
			weight: 1,
			arbitrary: fc
				.integer({ min: 61, max: 65 })
				.chain((length) =>
					fc.string({ unit: weighted('ab9', '-'), minLength: length, maxLength: length }),
				),
		},
	);
	const domain = fc
		.tuple(fc.array(label, { minLength: 1, maxLength: 4 }), fc.constantFrom('', '', '', '.'))
		.map(([labels, end]) => labels.join('.') + end);
	const address = fc.tuple(local, domain).map(([name, host]) => `${name}@${host}`);
	const wrapped = fc
		.tuple(
			fc.oneof(address, validEmail),
			fc.constantFrom(
				(a: string) => `John <${a}>`,
				(a: string) => `<${a}>`,
				(a: string) => `mailto:${a}`,
				(a: string) => `${a} (work)`,
				(a: string) => `(work)${a}`,
				(a: string) => `"${a}"`,
				(a: string) => `"${a.slice(0, a.lastIndexOf('@'))}"${a.slice(a.lastIndexOf('@'))}`,
				(a: string) => `${a}\tJohn Smith`,
				(a: string) => `${a},`,
				(a: string) => `${a}.`,
				(a: string) => `${a}; ${a}`,
			),
		)
		.map(([a, wrap]) => wrap(a));
	const edited = fc
		.tuple(validEmail, fc.constantFrom(...`${hostile}.-@_+`.split('')), position)
		.map(([a, insert, at]) => insertAt(a, insert, at));
	return fc
		.tuple(
			fc.oneof(
				{ weight: 3, arbitrary: validEmail },
				{ weight: 4, arbitrary: address },
				{ weight: 2, arbitrary: wrapped },
				{ weight: 2, arbitrary: edited },
				{ weight: 1, arbitrary: fc.emailAddress() },
				{ weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
			),
			whitespace,
			fc.boolean(),
		)
		.chain(([value, padding, shout]) =>
			(shout ? fc.mixedCase(fc.constant(value)) : fc.constant(value)).map(
				(written) => `${padding}${written}${padding}`,
			),
		)
		.filter((value) => !/^[0-9a-f]{32}$|^[0-9a-f]{64}$/i.test(value.trim()));
})();

describe('property: e-mails agree with the WHATWG HTML rule', () => {
	it('accepts exactly the valid addresses, plus the rules stated in expectedEmail', () => {
		let accepted = 0;
		fc.assert(
			fc.property(emailCorpus, anyOptions, (value, options) => {
				const expected = expectedEmail(value, options);
				const result = email(value, options);
				if (expected !== undefined) {
					accepted++;
					assert.equal(result, sha256(expected), JSON.stringify(value));
					return;
				}
				const trimmed = value.trim();
				let reason: DropReason = NOT_TEXT.test(trimmed) ? 'invalidEncoding' : 'invalidEmail';
				if (trimmed === '') reason = 'blank';
				else if (trimmed.length > 512) reason = 'tooLong';
				assert.deepEqual(result, dropped(reason), JSON.stringify(value));
			}),
			{ numRuns: 20_000 },
		);
		assert.ok(accepted > 4_000, `only ${accepted} valid addresses generated`);
	});

	it('states the rules it keeps beyond the WHATWG pattern', () => {
		// Valid under WHATWG, dropped by the node: a symbol first (TikTok), no dot in the domain.
		for (const value of ['_jane@example.com', '.jane@example.com', 'jane@localhost']) {
			assert.ok(WHATWG_EMAIL.test(value), value);
			assert.deepEqual(email(value), dropped('invalidEmail'), value);
		}
		// Padding beyond ASCII whitespace is still padding.
		assert.equal(email('\u00a0jane@example.com\u3000'), sha256('jane@example.com'));
	});
});

/**
 * Where validator's isEmail (13.15, default options) and the node disagree on the corpus above:
 * - validator accepts, the node drops:
 *   - symbolFirst: an address starting with a symbol ('_jane@x.com'): TikTok's rule;
 *   - nonAscii: non-ASCII letters in the name or domain ('élodie@x.fr', 'a@exämple.com'), and
 *     invisible ones (U+200B): validator's allow_utf8_local_part and IDN hosts, where WHATWG asks
 *     for ASCII (IDN domains written as xn--);
 *   - quoted: a quoted name ('"a b"@x.com'), which RFC 5321 allows and WHATWG leaves out.
 * - the node accepts, validator drops:
 *   - tld: a last label that is not two or more letters ('a@x.c', 'a@x.c0', 'a@1.2.3.4'):
 *     validator's require_tld;
 *   - localDots: a name ending in a dot or with two dots in a row ('a.@x.com', 'a..b@x.com'):
 *     RFC 5322 dot-atoms, which WHATWG does not follow;
 *   - lengths: a name over 64 or a domain over 254 characters (RFC 5321 limits; the node has one
 *     limit, 512 characters for any identifier).
 */
const VALIDATOR_ONLY: Record<string, (address: string) => boolean> = {
	symbolFirst: (address) => !/^[a-zA-Z0-9]/.test(address),
	nonAscii: (address) => /[^ -~]/.test(address),
	quoted: (address) => /^"[^"]*"@/.test(address),
};
const NODE_ONLY: Record<string, (address: string) => boolean> = {
	tld: (address) => !/\.(?:[a-zA-Z]{2,}|xn--[a-zA-Z0-9-]+)$/.test(address),
	localDots: (address) => /\.\.|\.@/.test(address.slice(0, address.lastIndexOf('@') + 1)),
	lengths: (address) => {
		const at = address.lastIndexOf('@');
		return at > 64 || address.length - at - 1 > 254;
	},
};

describe("e-mails compared with validator's isEmail", () => {
	it('disagrees only in the ways listed above', () => {
		const unexplained: string[] = [];
		const seen = new Set<string>();
		for (const value of fc.sample(emailCorpus, { numRuns: 20_000, seed: 20261207 })) {
			const address = value.trim();
			const node = typeof email(address, { emailRemovePlusTag: false }) === 'string';
			if (node === isEmail(address)) continue;
			const kinds = Object.entries(node ? NODE_ONLY : VALIDATOR_ONLY)
				.filter(([, applies]) => applies(address))
				.map(([kind]) => kind);
			if (kinds.length === 0) unexplained.push(JSON.stringify(address));
			for (const kind of kinds) seen.add(kind);
		}
		assert.deepEqual(unexplained, []);
		assert.deepEqual(
			[...seen].sort(),
			[...Object.keys(VALIDATOR_ONLY), ...Object.keys(NODE_ONLY)].sort(),
		);
	});

	it('gives an example of each difference', () => {
		const examples: Array<[string, keyof typeof VALIDATOR_ONLY | keyof typeof NODE_ONLY]> = [
			['_jane@example.com', 'symbolFirst'],
			['élodie@example.fr', 'nonAscii'],
			['"jane doe"@example.com', 'quoted'],
			['jane@example.c', 'tld'],
			['jane@192.0.2.1', 'tld'],
			['jane.@example.com', 'localDots'],
			['jane..doe@example.com', 'localDots'],
			[`${'j'.repeat(65)}@example.com`, 'lengths'],
		];
		for (const [address, kind] of examples) {
			const nodeOnly = kind in NODE_ONLY;
			assert.equal(typeof email(address) === 'string', nodeOnly, address);
			assert.equal(isEmail(address), !nodeOnly, address);
			assert.ok((nodeOnly ? NODE_ONLY : VALIDATOR_ONLY)[kind](address), address);
		}
	});
});
