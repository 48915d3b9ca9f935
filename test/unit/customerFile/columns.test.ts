import {
	calculateTypeFor,
	columnHeader,
} from '../../../nodes/TikTokForBusiness/customerFile/columns';
import type { IdentifierType } from '../../../nodes/TikTokForBusiness/customerFile/types';
import { assert, describe, it } from '../../support/testing';

describe('calculateTypeFor', () => {
	it('gives a single column its own type', () => {
		assert.equal(calculateTypeFor(['email'], {}), 'EMAIL_SHA256');
		assert.equal(calculateTypeFor(['phone'], {}), 'PHONE_SHA256');
		assert.equal(calculateTypeFor(['idfa'], {}), 'IDFA_SHA256');
		assert.equal(calculateTypeFor(['gaid'], {}), 'GAID_SHA256');
		assert.equal(calculateTypeFor(['maid'], {}), 'FIRST_SHA256');
	});

	it('follows the mobile ID digest for mobile ID columns only', () => {
		const md5Ids = { mobileIdHash: 'md5' } as const;
		assert.equal(calculateTypeFor(['idfa'], md5Ids), 'IDFA_MD5');
		assert.equal(calculateTypeFor(['gaid'], md5Ids), 'GAID_MD5');
		assert.equal(calculateTypeFor(['maid'], md5Ids), 'FIRST_MD5');
		assert.equal(calculateTypeFor(['email'], md5Ids), 'EMAIL_SHA256');
		assert.equal(calculateTypeFor(['phone'], md5Ids), 'PHONE_SHA256');
	});

	it('gives several columns MULTIPLE_TYPES', () => {
		assert.equal(calculateTypeFor(['email', 'phone'], {}), 'MULTIPLE_TYPES');
		assert.equal(calculateTypeFor(['idfa', 'gaid'], {}), 'MULTIPLE_TYPES');
		assert.equal(
			calculateTypeFor(['email', 'phone', 'maid'], { mobileIdHash: 'md5' }),
			'MULTIPLE_TYPES',
		);
		assert.equal(calculateTypeFor(['email', 'email'], {}), 'MULTIPLE_TYPES');
	});

	it('refuses an empty list of columns', () => {
		assert.throws(() => calculateTypeFor([], {}), /at least one identifier type/);
	});
});

describe('columnHeader', () => {
	it('names the calculate_type that a single-column file is sent with', () => {
		for (const mobileIdHash of ['sha256', 'md5'] as const) {
			for (const type of ['email', 'phone', 'idfa', 'gaid'] as IdentifierType[]) {
				assert.equal(
					columnHeader(type, { mobileIdHash }),
					calculateTypeFor([type], { mobileIdHash }),
					`${type} with ${mobileIdHash}`,
				);
			}
		}
		assert.equal(columnHeader('idfa', {}), 'IDFA_SHA256');
		assert.equal(columnHeader('idfa', { mobileIdHash: 'md5' }), 'IDFA_MD5');
		assert.equal(columnHeader('gaid', {}), 'GAID_SHA256');
		assert.equal(columnHeader('gaid', { mobileIdHash: 'md5' }), 'GAID_MD5');
	});

	it('names mixed mobile IDs MAID_*, the same encryption type as FIRST_* (spec enum value 6 and 7)', () => {
		assert.equal(calculateTypeFor(['maid'], {}), 'FIRST_SHA256');
		assert.equal(columnHeader('maid', {}), 'MAID_SHA256');
		assert.equal(calculateTypeFor(['maid'], { mobileIdHash: 'md5' }), 'FIRST_MD5');
		assert.equal(columnHeader('maid', { mobileIdHash: 'md5' }), 'MAID_MD5');
	});

	it('keeps e-mail and phone headers SHA-256 whatever the mobile ID digest', () => {
		assert.equal(columnHeader('email', { mobileIdHash: 'md5' }), 'EMAIL_SHA256');
		assert.equal(columnHeader('phone', { mobileIdHash: 'md5' }), 'PHONE_SHA256');
	});
});
