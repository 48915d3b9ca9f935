import { readStoredToken } from '../../../nodes/TikTokForBusiness/transport/tokenData';
import { assert, describe, it } from '../../support/testing';

describe('stored OAuth2 token data', () => {
	it('finds a flat token', () => {
		assert.deepEqual(readStoredToken({ access_token: 'abc', advertiser_ids: ['1'] }), {
			ok: true,
			tokenPath: 'access_token',
		});
	});

	it("finds a token wrapped in TikTok's envelope", () => {
		assert.deepEqual(readStoredToken({ code: 0, data: { access_token: 'abc' } }), {
			ok: true,
			tokenPath: 'data.access_token',
		});
	});

	it("reports TikTok's error when the exchange failed", () => {
		assert.deepEqual(readStoredToken({ code: 40110, message: 'Auth code expired', data: {} }), {
			ok: false,
			code: 40110,
			message: 'Auth code expired',
		});
	});

	it('reports nothing usable for empty or odd data', () => {
		for (const value of [undefined, null, {}, [], 'token', { access_token: '' }]) {
			assert.equal(readStoredToken(value).ok, false);
		}
	});
});
