import type { IExecuteFunctions, NodeOperationError } from 'n8n-workflow';

import { checkNumber } from '../../../nodes/TikTokForBusiness/parameters';
import { assert, describe, it } from '../../support/testing';

const context = {
	getNode: () => ({ name: 'TikTok for Business' }),
} as unknown as IExecuteFunctions;
const rule = { label: 'Wait Until Ready (Minutes)', min: 0, max: 60 };

describe('number fields', () => {
	it('takes numbers in bounds, and numeric text from expressions', () => {
		assert.equal(checkNumber(context, 5, rule, 0), 5);
		assert.equal(checkNumber(context, '2.5', rule, 0), 2.5);
		assert.equal(checkNumber(context, ' 60 ', rule, 0), 60);
		assert.equal(checkNumber(context, 0, rule, 0), 0);
	});

	it('refuses NaN, Infinity, text, blanks and values out of bounds, naming the field', () => {
		for (const raw of [NaN, Infinity, -Infinity, 'soon', '', ' ', null, true, {}, -1, 61, '1e3']) {
			let error: NodeOperationError | undefined;
			try {
				checkNumber(context, raw, rule, 3);
			} catch (caught) {
				error = caught as NodeOperationError;
			}
			assert.ok(error, `accepted ${String(raw)}`);
			assert.match(error.message, /"Wait Until Ready \(Minutes\)" must be a number from 0 to 60/);
			assert.equal(error.context.itemIndex, 3);
		}
	});

	it('refuses fractions where only whole numbers make sense', () => {
		assert.throws(
			() => checkNumber(context, 2.5, { label: 'Max Attempts', min: 1, integer: true }, 0),
			/whole number/,
		);
		assert.equal(checkNumber(context, 3, { label: 'Max Attempts', min: 1, integer: true }, 0), 3);
	});
});
