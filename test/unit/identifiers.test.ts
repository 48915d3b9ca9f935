import { createHash } from 'crypto';

import type {
	IdentifierType,
	NormaliseOptions,
	PreparedIdentifier,
} from '../../nodes/TikTokForBusiness/customerFile/types';
import {
	digestIdentifier,
	hashAlgorithmFor,
	normaliseCountryCode,
	normaliseEmail,
	normaliseMobileId,
	normalisePhone,
	prepareIdentifier,
} from '../../nodes/TikTokForBusiness/customerFile/identifiers';
import { assert, describe, it } from '../support/testing';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const md5 = (value: string) => createHash('md5').update(value).digest('hex');

const US: NormaliseOptions = { defaultCountryCode: '1' };
const UK: NormaliseOptions = { defaultCountryCode: '44' };
const IDFA = 'AEBE52E7-03EE-455A-B3C4-E57283966239';
const ZERO_ID = '00000000-0000-0000-0000-000000000000';

function hashed(digest: string): PreparedIdentifier {
	return { ok: true, digest, wasHashed: false };
}

function kept(digest: string): PreparedIdentifier {
	return { ok: true, digest, wasHashed: true };
}

function dropped(reason: Extract<PreparedIdentifier, { ok: false }>['reason']): PreparedIdentifier {
	return { ok: false, reason };
}

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

describe('normaliseEmail', () => {
	it("normalises TikTok's Help Center example to janedoe@gmail.com", () => {
		assert.equal(normaliseEmail('  JaneDoe@Gmail.com '), 'janedoe@gmail.com');
		assert.equal(normaliseEmail('JANEDOE@GMAIL.COM'), 'janedoe@gmail.com');
	});

	it('removes whitespace inside the address', () => {
		assert.equal(normaliseEmail('jane doe@gmail. com'), 'janedoe@gmail.com');
		assert.equal(normaliseEmail('\tjane\u00a0doe@gmail.com\n'), 'janedoe@gmail.com');
	});

	it("removes a +tag up to the @ by default, as TikTok's list of supported formats asks", () => {
		assert.equal(normaliseEmail('Jane.Doe+Ads@Gmail.com'), 'jane.doe@gmail.com');
		assert.equal(normaliseEmail('jane+a+b@example.com'), 'jane@example.com');
		assert.equal(normaliseEmail('jane+@example.com'), 'jane@example.com');
		assert.equal(normaliseEmail(' jane + news @example.com'), 'jane@example.com');
	});

	it('keeps the +tag when asked, and dots either way', () => {
		const keep: NormaliseOptions = { emailRemovePlusTag: false };
		assert.equal(normaliseEmail('Jane.Doe+Ads@Gmail.com', keep), 'jane.doe+ads@gmail.com');
		assert.equal(
			normaliseEmail('Jane.Doe+Ads@Gmail.com', { emailRemovePlusTag: true }),
			'jane.doe@gmail.com',
		);
	});

	it('checks the address after removing the +tag', () => {
		assert.equal(normaliseEmail('jane+news@localhost'), undefined);
		assert.equal(normaliseEmail('jane+news@doe@example.com'), undefined);
		assert.equal(normaliseEmail('jane+news'), undefined);
	});

	it('accepts local parts starting with a digit or a non-ASCII letter', () => {
		assert.equal(normaliseEmail('1jane@example.com'), '1jane@example.com');
		assert.equal(normaliseEmail('Élodie@Example.fr'), 'élodie@example.fr');
	});

	it('rejects local parts starting with a symbol', () => {
		for (const value of [
			'.jane@example.com',
			'_jane@example.com',
			'+jane@example.com',
			'-j@x.io',
		]) {
			assert.equal(normaliseEmail(value), undefined, value);
		}
	});

	it('rejects a missing, doubled or leading @', () => {
		for (const value of ['janedoe.gmail.com', 'jane@doe@gmail.com', '@gmail.com', 'jane@']) {
			assert.equal(normaliseEmail(value), undefined, value);
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
			assert.equal(normaliseEmail(value), undefined, value);
		}
	});
});

describe('normalisePhone', () => {
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

	it('drops the bracketed trunk zero of international numbers', () => {
		assert.equal(normalisePhone('+44 (0)20 7946 0958', {}), '442079460958');
		assert.equal(normalisePhone('0049 (0)30 1234567', {}), '49301234567');
	});

	it('removes trunk zeros of national numbers and prepends the default country code', () => {
		assert.equal(normalisePhone('020 7946 0958', UK), '442079460958');
		assert.equal(normalisePhone('(0)20 7946 0958', UK), '442079460958');
		assert.equal(normalisePhone('030 1234567', { defaultCountryCode: '49' }), '49301234567');
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
		assert.equal(normalisePhone('+1234567890123456', {}), undefined);
		assert.equal(normalisePhone('+0123456789', {}), undefined);
		assert.equal(normalisePhone('000123456789', {}), undefined);
		assert.equal(normalisePhone('777 00', US), undefined);
		assert.equal(normalisePhone('+', US), undefined);
	});
});

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

describe('normaliseMobileId', () => {
	it('trims and lower-cases UUIDs', () => {
		assert.equal(normaliseMobileId(`  ${IDFA} `), IDFA.toLowerCase());
		assert.equal(normaliseMobileId(IDFA.toLowerCase()), IDFA.toLowerCase());
	});

	it('rejects the all-zero ID of devices with limited ad tracking', () => {
		assert.equal(normaliseMobileId(ZERO_ID), undefined);
	});

	it('adds the hyphens to a UUID written without them', () => {
		assert.equal(normaliseMobileId(IDFA.replace(/-/g, '')), IDFA.toLowerCase());
		assert.equal(
			normaliseMobileId(` ${IDFA.replace(/-/g, '').toLowerCase()}\n`),
			IDFA.toLowerCase(),
		);
		assert.equal(normaliseMobileId('0'.repeat(32)), undefined);
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
			assert.equal(normaliseMobileId(value), undefined, value);
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
});

describe('prepareIdentifier', () => {
	it('hashes normalised emails with SHA-256 in lower-case hex', () => {
		assert.deepEqual(
			prepareIdentifier('email', '  JaneDoe@Gmail.com ', {}),
			hashed(sha256('janedoe@gmail.com')),
		);
		assert.deepEqual(
			prepareIdentifier('email', 'JaneDoe+Promo@Gmail.com', {}),
			hashed(sha256('janedoe@gmail.com')),
		);
		assert.deepEqual(
			prepareIdentifier('email', 'JaneDoe+Promo@Gmail.com', { emailRemovePlusTag: false }),
			hashed(sha256('janedoe+promo@gmail.com')),
		);
	});

	it("matches the digests TikTok's Help Center publishes, with the default options", () => {
		// "How to create a Custom Audience with a customer file" (Sep 2025): +37493828222 hashes to
		// 65b7e6dc…, the SHA-256 of the digits without the "+"; janedoe@gmail.com to d6117306….
		const phone = '65b7e6dcf6f4310f8d7cbfbd78289a753062fb054d6664fb9aaac5df66a422d4';
		for (const value of ['+37493828222', '374-93-828222', '+374 93 828222', 37493828222]) {
			assert.deepEqual(prepareIdentifier('phone', value, {}), hashed(phone), String(value));
		}
		const email = 'd6117306485ed0e50afab3ac871e98f81699151f30281527d63ff5f233656c69';
		for (const value of ['janedoe@gmail.com', '  JaneDoe@Gmail.com ', 'JANEDOE@GMAIL.COM']) {
			assert.deepEqual(prepareIdentifier('email', value, {}), hashed(email), value);
		}
	});

	it('hashes phones in E.164 without the + by default, with it when asked', () => {
		assert.deepEqual(
			prepareIdentifier('phone', '(657)777-0000', US),
			hashed(sha256('16577770000')),
		);
		assert.deepEqual(
			prepareIdentifier('phone', '(657)777-0000', { ...US, phoneIncludePlus: true }),
			hashed(sha256('+16577770000')),
		);
		assert.deepEqual(
			prepareIdentifier('phone', '374-93-828222', { phoneIncludePlus: true }),
			hashed(sha256('+37493828222')),
		);
	});

	it('reads whole numbers from spreadsheets as phone numbers', () => {
		assert.deepEqual(prepareIdentifier('phone', 6577770000, US), hashed(sha256('16577770000')));
		assert.deepEqual(prepareIdentifier('phone', 16577770000, {}), hashed(sha256('16577770000')));
		assert.deepEqual(prepareIdentifier('phone', 1234567, {}), dropped('invalidPhone'));
		assert.deepEqual(prepareIdentifier('phone', -16577770000, {}), dropped('invalidPhone'));
		assert.deepEqual(prepareIdentifier('phone', 1e21, {}), dropped('invalidPhone'));
	});

	it('drops other non-text phone values as notText', () => {
		for (const value of [6577770000.5, Number.NaN, Infinity, true, {}, [], ['+16577770000']]) {
			assert.deepEqual(prepareIdentifier('phone', value, US), dropped('notText'), String(value));
		}
	});

	it('drops numbers and other non-text values for email and mobile IDs', () => {
		for (const type of ['email', 'idfa', 'gaid', 'maid'] as IdentifierType[]) {
			for (const value of [42, false, true, {}, [], new Date(0), Symbol('x'), 10n]) {
				assert.deepEqual(prepareIdentifier(type, value, {}), dropped('notText'), type);
			}
		}
	});

	it('drops blanks without hashing them', () => {
		for (const type of ['email', 'phone', 'idfa', 'gaid', 'maid'] as IdentifierType[]) {
			for (const value of [null, undefined, '', '   ', '\t\n', '\u00a0']) {
				assert.deepEqual(prepareIdentifier(type, value, US), dropped('blank'), type);
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
			assert.equal(prepareIdentifier(type, valid, {}).ok, true, type);
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
						prepareIdentifier(type, value, {}),
						dropped('invalidEncoding'),
						`${type} ${JSON.stringify(value)}`,
					);
				}
			}
			assert.deepEqual(prepareIdentifier(type, '\u0000', {}), dropped('invalidEncoding'), type);
		}
	});

	it('drops an e-mail whose +tag holds a character that is not text', () => {
		assert.deepEqual(
			prepareIdentifier('email', 'jane+\u0000news@example.com', {}),
			dropped('invalidEncoding'),
		);
	});

	it('hashes letters outside the Basic Multilingual Plane, which are text', () => {
		assert.deepEqual(
			prepareIdentifier('email', 'Jane\u{1d4d9}@example.com', {}),
			hashed(sha256('jane\u{1d4d9}@example.com')),
		);
	});

	it('drops values longer than 512 characters', () => {
		const longest = `${'a'.repeat(500)}@example.com`;
		assert.equal(longest.length, 512);
		assert.deepEqual(prepareIdentifier('email', longest, {}), hashed(sha256(longest)));
		assert.deepEqual(prepareIdentifier('email', `b${longest}`, {}), dropped('tooLong'));
		assert.deepEqual(prepareIdentifier('phone', '1'.repeat(600), {}), dropped('tooLong'));
		assert.deepEqual(
			prepareIdentifier('email', `  ${longest}  `, {}),
			hashed(sha256(longest)),
			'padding does not count',
		);
	});

	it('names the reason for invalid values by type', () => {
		assert.deepEqual(prepareIdentifier('email', 'jane@doe@gmail.com', {}), dropped('invalidEmail'));
		assert.deepEqual(prepareIdentifier('email', '.jane@gmail.com', {}), dropped('invalidEmail'));
		assert.deepEqual(prepareIdentifier('phone', '657-777-CALL', US), dropped('invalidPhone'));
		assert.deepEqual(prepareIdentifier('phone', '+1234567', {}), dropped('invalidPhone'));
		assert.deepEqual(prepareIdentifier('idfa', ZERO_ID, {}), dropped('invalidMobileId'));
		assert.deepEqual(prepareIdentifier('gaid', 'not-an-id', {}), dropped('invalidMobileId'));
	});

	it('hashes mobile IDs lower-cased with the chosen digest', () => {
		const id = IDFA.toLowerCase();
		assert.deepEqual(prepareIdentifier('idfa', ` ${IDFA} `, {}), hashed(sha256(id)));
		assert.deepEqual(
			prepareIdentifier('gaid', IDFA, { mobileIdHash: 'sha256' }),
			hashed(sha256(id)),
		);
		assert.deepEqual(prepareIdentifier('maid', IDFA, { mobileIdHash: 'md5' }), hashed(md5(id)));
		assert.deepEqual(prepareIdentifier('idfa', IDFA, { mobileIdHash: 'md5' }), hashed(md5(id)));
	});

	it('keeps SHA-256 digests as they are, lower-cased, without normalising them', () => {
		const digest = sha256('janedoe@gmail.com');
		const upper = digest.toUpperCase();
		for (const type of ['email', 'phone', 'idfa', 'gaid', 'maid'] as IdentifierType[]) {
			assert.deepEqual(prepareIdentifier(type, digest, US), kept(digest), type);
			assert.deepEqual(prepareIdentifier(type, upper, US), kept(digest), type);
			assert.deepEqual(prepareIdentifier(type, `  ${upper}\n`, US), kept(digest), type);
		}
	});

	it('keeps digits-only digests as digests rather than reading them as phone numbers', () => {
		const digits = '1'.repeat(64);
		assert.deepEqual(prepareIdentifier('phone', digits, US), kept(digits));
	});

	it('keeps MD5 digests of mobile IDs only when they are declared to be digests', () => {
		const digest = md5(IDFA.toLowerCase());
		const declared: NormaliseOptions = { mobileIdHash: 'md5', mobileIdsAreMd5Digests: true };
		for (const type of ['idfa', 'gaid', 'maid'] as IdentifierType[]) {
			assert.deepEqual(prepareIdentifier(type, digest.toUpperCase(), declared), kept(digest));
			// A declaration covers digests only: a raw ID in the same column is still hashed.
			assert.deepEqual(prepareIdentifier(type, IDFA, declared), hashed(digest));
		}
		assert.deepEqual(
			prepareIdentifier('idfa', digest, { mobileIdsAreMd5Digests: true }),
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
				assert.deepEqual(prepareIdentifier(type, bareId, {}), hashed(sha256(id)), type);
				assert.deepEqual(
					prepareIdentifier(type, ` ${bareId} `, { mobileIdHash: 'md5' }),
					hashed(md5(id)),
					type,
				);
			}
		}
		assert.deepEqual(prepareIdentifier('maid', '0'.repeat(32), {}), dropped('invalidMobileId'));
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
			assert.deepEqual(prepareIdentifier('maid', value, {}), hashed(published), value);
		}
	});

	it('drops digests of the wrong length for the algorithm instead of hashing them again', () => {
		const sha = sha256('x');
		const md = md5('x');
		assert.deepEqual(
			prepareIdentifier('idfa', sha, { mobileIdHash: 'md5' }),
			dropped('wrongHashType'),
		);
		assert.deepEqual(prepareIdentifier('email', md, {}), dropped('wrongHashType'));
		assert.deepEqual(prepareIdentifier('phone', md.toUpperCase(), US), dropped('wrongHashType'));
		assert.deepEqual(
			prepareIdentifier('gaid', md, { mobileIdsAreMd5Digests: true }),
			dropped('wrongHashType'),
		);
	});

	it('treats 63 and 65 hex characters as ordinary values, which are invalid', () => {
		const digest = sha256('janedoe@gmail.com');
		for (const value of [digest.slice(1), `${digest}a`, `${digest}0`]) {
			assert.deepEqual(prepareIdentifier('email', value, {}), dropped('invalidEmail'));
			assert.deepEqual(prepareIdentifier('idfa', value, {}), dropped('invalidMobileId'));
		}
		assert.deepEqual(prepareIdentifier('phone', digest.slice(1), US), dropped('invalidPhone'));
		assert.deepEqual(prepareIdentifier('phone', '1'.repeat(63), US), dropped('invalidPhone'));
	});

	it('does not treat a digest embedded in a longer value as a digest', () => {
		const digest = sha256('janedoe@gmail.com');
		assert.deepEqual(prepareIdentifier('email', `x${digest}`, {}), dropped('invalidEmail'));
		assert.deepEqual(
			prepareIdentifier('email', `${digest}@example.com`, {}),
			hashed(sha256(`${digest}@example.com`)),
		);
	});

	it('shares drop results only as frozen objects', () => {
		const result = prepareIdentifier('email', '', {});
		assert.ok(Object.isFrozen(result));
		assert.deepEqual(result, dropped('blank'));
	});
});
