import {
	describeTikTokCode,
	isCredentialCode,
	isRateLimitCode,
	RETRYABLE_CODES,
} from '../../../nodes/TikTokForBusiness/transport/advice';
import { assert, describe, it } from '../../support/testing';

describe('TikTok codes', () => {
	it('retries rate limits and server codes only', () => {
		for (const code of [40100, 40133, 50000, 50002, 51003, 60001, 61000]) {
			assert.ok(RETRYABLE_CODES.has(code), String(code));
		}
		for (const code of [0, 40001, 40002, 40105, 40900]) {
			assert.ok(!RETRYABLE_CODES.has(code), String(code));
		}
		assert.ok(isRateLimitCode(40133));
		assert.ok(!isRateLimitCode(50000));
	});

	it('tells production users to reconnect and sandbox users to make a new token', () => {
		assert.match(describeTikTokCode(40105, { isSandbox: false }), /Reconnect/);
		assert.match(describeTikTokCode(40102, { isSandbox: true }), /new sandbox access token/);
	});

	it("blames the app's ID or secret, not the token, for 40101 and 40110", () => {
		for (const code of [40101, 40110]) {
			const advice = describeTikTokCode(code, { isSandbox: false });
			assert.match(advice, /App ID or Secret/);
			assert.match(advice, /Client Secret/);
			assert.doesNotMatch(advice, /access token/);
		}
	});

	it('knows which codes mean the credential itself was refused', () => {
		for (const code of [40101, 40102, 40104, 40105, 40106, 40107, 40110]) {
			assert.ok(isCredentialCode(code), String(code));
		}
		for (const code of [40001, 40002, 40100, 50000]) assert.equal(isCredentialCode(code), false);
	});

	it('explains missing scopes, sandbox gaps and audiences that are not ready', () => {
		assert.match(describeTikTokCode(40001, { isSandbox: false }), /scope/);
		assert.match(describeTikTokCode(40014, { isSandbox: true }), /sandbox does not offer/);
		assert.doesNotMatch(describeTikTokCode(40002, { isSandbox: false }), /1,000/);
	});

	it("advises on a rejected audience parameter only what TikTok's message says", () => {
		const advice = (message: string) =>
			describeTikTokCode(40002, { isSandbox: false, aboutAudience: true, message });
		assert.match(advice('audience is still being processed; try again later'), /24-48 hours/);
		assert.match(advice('would have 998 IDs, below the minimum of 1000'), /at least 1,000/);
		for (const message of [
			'shared_advertiser_ids: advertiser 1 is not in the same Business Center as advertiser 2',
			'file_paths[0]: file f was uploaded with calculate_type EMAIL_SHA256, not MULTIPLE_TYPES',
			'custom_audience_name or file_paths: pass at least one of them',
		]) {
			assert.doesNotMatch(advice(message), /1,000|processing|24-48/);
			assert.match(advice(message), /names the parameter/);
		}
	});
});
