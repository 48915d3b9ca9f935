import type { TikTokClient } from '../../../../nodes/TikTokForBusiness/transport';
import {
	AUDIENCE_LIMITS,
	createAudience,
	updateAudience,
} from '../../../../nodes/TikTokForBusiness/transport';
import type { TikTokRequest } from '../../../../nodes/TikTokForBusiness/transport/request';
import { assert, describe, it } from '../../../support/testing';

/** A client that records what the endpoint functions would send. */
function recorder() {
	const sent: TikTokRequest[] = [];
	const client = {
		request: async (request: TikTokRequest) => {
			sent.push(request);
			return { custom_audience_id: '7320000000000000001' };
		},
	} as unknown as TikTokClient;
	return { client, sent };
}

describe('customer-audience endpoints', () => {
	it("take TikTok's limits from the spec files", () => {
		assert.equal(
			AUDIENCE_LIMITS.filePathsPerRequest,
			500,
			'the most files in one create or update',
		);
		assert.equal(AUDIENCE_LIMITS.idsPerRequest, 100);
		assert.deepEqual(AUDIENCE_LIMITS.retentionDays, { min: 1, max: 365 });
	});

	it("write TikTok's field names from the node's own", async () => {
		const { client, sent } = recorder();
		await updateAudience(client, {
			advertiserId: '1',
			audienceId: '2',
			members: { filePaths: ['p1', 'p2'], action: 'REPLACE' },
			enhancement: false,
		});
		await createAudience(
			client,
			{
				advertiserId: '1',
				name: 'N',
				calculateType: 'EMAIL_SHA256',
				filePaths: ['p'],
				retentionInDays: 30,
			},
			async () => undefined,
		);
		assert.deepEqual(sent[0].body, {
			advertiser_id: '1',
			custom_audience_id: '2',
			file_paths: ['p1', 'p2'],
			action: 'REPLACE',
			audience_enhancement: false,
		});
		assert.deepEqual(sent[1].body, {
			advertiser_id: '1',
			custom_audience_name: 'N',
			calculate_type: 'EMAIL_SHA256',
			file_paths: ['p'],
			retention_in_days: 30,
		});
		assert.equal(sent[0].idempotent, true);
		assert.equal(sent[1].idempotent, false);
	});

	it('never send a create or an update of members without files, nor with more than 500', async () => {
		const { client, sent } = recorder();
		const members = (count: number) => ({
			filePaths: Array.from({ length: count }, (_, index) => `p${index}`),
			action: 'REPLACE' as const,
		});
		await assert.rejects(
			updateAudience(client, { advertiserId: '1', audienceId: '2', members: members(0) }),
		);
		await assert.rejects(
			updateAudience(client, { advertiserId: '1', audienceId: '2', members: members(501) }),
		);
		await assert.rejects(
			createAudience(
				client,
				{ advertiserId: '1', name: 'N', calculateType: 'EMAIL_SHA256', filePaths: [] },
				async () => undefined,
			),
		);
		assert.equal(sent.length, 0);
		await updateAudience(client, { advertiserId: '1', audienceId: '2', name: 'Renamed' });
		assert.deepEqual(sent[0].body, {
			advertiser_id: '1',
			custom_audience_id: '2',
			custom_audience_name: 'Renamed',
		});
	});
});
