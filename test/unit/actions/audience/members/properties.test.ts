import { createHash } from 'crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

import {
	memberOptions,
	readMemberSettings,
} from '../../../../../nodes/TikTokForBusiness/actions/audience/members/properties';
import { digestIdentifier } from '../../../../../nodes/TikTokForBusiness/customerFile/identifiers';
import { assert, describe, it } from '../../../../support/testing';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Just enough of n8n's context for reading the Options collection. */
function withOptions(options: Record<string, unknown>): IExecuteFunctions {
	return {
		getNodeParameter: (name: string, _itemIndex: number, fallback: unknown) =>
			name === 'options' ? options : fallback,
	} as unknown as IExecuteFunctions;
}

function defaultOf(name: string): unknown {
	const option = memberOptions.find((property) => property.name === name);
	assert.ok(option, `option ${name} exists`);
	return option.default;
}

describe('member options', () => {
	it("hash phones without the '+' and e-mails without their +tag unless the user changes it", () => {
		assert.equal(defaultOf('phoneIncludePlus'), false);
		assert.equal(defaultOf('emailRemovePlusTag'), true);
		assert.equal(defaultOf('mobileIdsAreMd5Digests'), false);
		assert.equal(defaultOf('removeDuplicates'), true);
		const settings = readMemberSettings(withOptions({}), 0);
		assert.equal(settings.removeDuplicates, true);
		assert.equal(settings.phoneIncludePlus, false);
		assert.equal(settings.emailRemovePlusTag, true);
		assert.equal(settings.mobileIdsAreMd5Digests, false);
	});

	it('follow the choices a user made', () => {
		const settings = readMemberSettings(
			withOptions({
				phoneIncludePlus: true,
				emailRemovePlusTag: false,
				mobileIdHash: 'md5',
				mobileIdsAreMd5Digests: true,
				removeDuplicates: false,
			}),
			0,
		);
		assert.equal(settings.removeDuplicates, false);
		assert.equal(settings.phoneIncludePlus, true);
		assert.equal(settings.emailRemovePlusTag, false);
		assert.equal(settings.mobileIdHash, 'md5');
		assert.equal(settings.mobileIdsAreMd5Digests, true);
	});

	it("with the node's defaults, TikTok's published phone and e-mail digests match", () => {
		const settings = readMemberSettings(withOptions({}), 0);
		const phone = digestIdentifier('phone', '+37493828222', settings);
		const email = digestIdentifier('email', ' JaneDoe@Gmail.com', settings);
		assert.equal(phone, '65b7e6dcf6f4310f8d7cbfbd78289a753062fb054d6664fb9aaac5df66a422d4');
		assert.equal(email, 'd6117306485ed0e50afab3ac871e98f81699151f30281527d63ff5f233656c69');
		assert.equal(phone, sha256('37493828222'));
	});
});
