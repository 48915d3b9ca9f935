import { NodeOperationError } from 'n8n-workflow';

import {
	failureError,
	isCredentialFailure,
	isRefusalOfContent,
} from '../../../nodes/TikTokForBusiness/transport/errors';
import { assert, describe, it } from '../../support/testing';

describe('isRefusalOfContent', () => {
	const failure = (outcome: Parameters<typeof failureError>[0]) =>
		failureError(outcome, {
			node: { name: 'TikTok for Business' } as never,
			endpoint: '/dmp/custom_audience/apply/',
			isSandbox: false,
			attempts: 1,
			waitedMs: 0,
		});
	const refused = (code: number) => failure({ kind: 'tiktokError', code, message: 'refused' });

	it('blames an item only when TikTok refused what the request asked for', () => {
		for (const code of [40000, 40001, 40002, 40007]) assert.ok(isRefusalOfContent(refused(code)));
		for (const code of [40100, 40133, 50000, 40105, 40102, 40009]) {
			assert.equal(isRefusalOfContent(refused(code)), false, String(code));
		}
		assert.equal(isRefusalOfContent(failure({ kind: 'httpError', status: 503 })), false);
		assert.equal(isRefusalOfContent(failure({ kind: 'httpError', status: 404 })), false);
		assert.equal(
			isRefusalOfContent(failure({ kind: 'networkError', reason: 'ECONNRESET' })),
			false,
		);
		// Anything that is not TikTok's answer may come from one item's input.
		assert.ok(isRefusalOfContent(new Error('unexpected reply')));
	});
});

describe('isCredentialFailure', () => {
	const refused = (code: number) =>
		failureError(
			{ kind: 'tiktokError', code, message: 'refused' },
			{
				node: { name: 'TikTok for Business' } as never,
				endpoint: '/x/',
				isSandbox: false,
				attempts: 1,
				waitedMs: 0,
			},
		);

	it('is true for a token or app credential TikTok refused, and for errors marked as such', () => {
		for (const code of [40101, 40102, 40105, 40110]) assert.ok(isCredentialFailure(refused(code)));
		for (const code of [40001, 40002, 40100, 50000])
			assert.equal(isCredentialFailure(refused(code)), false);
		const marked = new NodeOperationError({ name: 'n' } as never, 'Base URL not allowed');
		assert.equal(isCredentialFailure(marked), false);
		marked.context.credentialFailure = true;
		assert.ok(isCredentialFailure(marked));
		assert.equal(isCredentialFailure(new Error('plain')), false);
	});
});
