import type { IExecuteFunctions, NodeOperationError } from 'n8n-workflow';

import { checkId, checkIdList } from '../../../nodes/TikTokForBusiness/parameters';
import { assert, describe, it } from '../../support/testing';

// A context with a node only: these readers use nothing else of it.
const context = {
	getNode: () => ({ name: 'TikTok for Business' }),
} as unknown as IExecuteFunctions;

function failure(run: () => unknown): NodeOperationError {
	try {
		run();
	} catch (error) {
		return error as NodeOperationError;
	}
	throw new Error('expected a failure');
}

describe('ID lists', () => {
	const rule = { label: 'advertiser', min: 0 };

	it('splits text on commas, spaces, semicolons and new lines, and drops repeats', () => {
		assert.deepEqual(checkIdList(context, ' 1, 2;3\n4  5,,2', rule, 0), ['1', '2', '3', '4', '5']);
		assert.deepEqual(checkIdList(context, ['1', 2], rule, 0), ['1', '2']);
		assert.deepEqual(checkIdList(context, 7, rule, 0), ['7']);
		assert.deepEqual(checkIdList(context, undefined, rule, 0), []);
	});

	it('enforces how many IDs the field takes, naming the field and the item', () => {
		const none = failure(() => checkIdList(context, '', { label: 'ad group' }, 4));
		assert.match(none.message, /No ad group ID given/);
		assert.equal(none.context.itemIndex, 4);
		const many = failure(() => checkIdList(context, '1,2,3', { label: 'advertiser', max: 2 }, 1));
		assert.match(many.message, /More than 2 advertiser IDs/);
		assert.match(String(many.description), /1 to 2 advertiser IDs/);
	});

	it('refuses an entry that is not an ID, or a number too long to be exact', () => {
		assert.match(
			failure(() => checkIdList(context, '1, abc', rule, 0)).message,
			/"abc" is not valid/,
		);
		assert.match(
			failure(() => checkId(context, Number('7012345678901234567'), 'audience', 0)).message,
			/lost precision/,
		);
		assert.equal(checkId(context, ' 701 ', 'audience', 0), '701');
	});
});
