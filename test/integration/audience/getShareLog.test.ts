import type { Emulator } from '../../emulator';
import { useEmulator } from '../../support/emulator';
import { audienceParameters, calls, EU, US } from '../../support/operations';
import { assert, describe, it } from '../../support/testing';
import { ADVERTISERS, AUDIENCES, runTikTok } from '../../support/tiktok';

// The log of a share this test makes, with the body of its request; more of Share: share.test.ts.

describe('Audience → Get Sharing Log', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	it('shares with ad accounts of the same Business Center, and reads the log', async () => {
		const run = await runTikTok(
			emulator,
			audienceParameters('share', { sharedAdvertiserIds: `${EU}, ${ADVERTISERS.acmeOutlet.id}` }),
		);
		assert.equal(run.error, undefined);
		const [request] = calls(emulator, '/dmp/custom_audience/share/');
		assert.deepEqual(request.body, {
			advertiser_id: US,
			custom_audience_ids: [AUDIENCES.newsletter.id],
			shared_advertiser_ids: [EU, ADVERTISERS.acmeOutlet.id],
		});
		assert.equal(request.response?.code, 0, 'the body passed spec validation');

		const log = await runTikTok(emulator, audienceParameters('getShareLog'));
		assert.deepEqual(
			log.json.map((entry) => [entry.shared_advertiser_id, entry.status]).sort(),
			[
				[ADVERTISERS.acmeOutlet.id, 'SHARED'],
				[EU, 'SHARED'],
			].sort(),
		);
	});
});
