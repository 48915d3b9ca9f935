import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../../emulator';
import { useEmulator } from '../../support/emulator';
import { assert, describe, it } from '../../support/testing';
import { ADVERTISERS, AUDIENCES, audienceOperation, byId, runTikTok } from '../../support/tiktok';

// Wait Until Ready and First Check After from expressions: NaN, Infinity and text would poll
// without pause or wait forever; they fail the item with a message naming the field instead.

const US = ADVERTISERS.acmeShoesUs.id;
const API = '/open_api/v1.3/dmp/custom_audience';

const get = (options: IDataObject) =>
	audienceOperation('get', US, AUDIENCES.newsletter.id, { options });
const sync = (options: IDataObject) =>
	({
		resource: 'audience',
		operation: 'upsert',
		advertiserId: byId(US),
		audienceName: 'Waiting',
		source: 'items',
		identifierFields: { emailField: 'email' },
		options,
	}) as INodeParameters;
const contacts = Array.from({ length: 1200 }, (_, index) => ({
	email: `w${index}@example.com`,
	wait: 0,
}));

describe('waiting for readiness with values from expressions', () => {
	let emulator: Emulator;
	useEmulator((started) => (emulator = started));

	const hostile: Array<[string, IDataObject, RegExp]> = [
		[
			'Wait Until Ready NaN',
			{ waitMinutes: '={{ NaN }}' },
			/"Wait Until Ready \(Minutes\)" must be a number from 0 to 60, not NaN/,
		],
		[
			'Wait Until Ready Infinity',
			{ waitMinutes: '={{ Infinity }}' },
			/"Wait Until Ready \(Minutes\)" must be a number from 0 to 60/,
		],
		['Wait Until Ready text', { waitMinutes: '={{ "soon" }}' }, /not "soon"/],
		['Wait Until Ready out of bounds', { waitMinutes: 600 }, /from 0 to 60, not 600/],
		[
			'First Check After NaN',
			{ waitMinutes: 1, pollSeconds: '={{ NaN }}' },
			/"First Check After \(Seconds\)" must be a number/,
		],
		['First Check After zero', { waitMinutes: 1, pollSeconds: 0 }, /from 0\.1 to 600, not 0/],
	];

	for (const [label, options, message] of hostile) {
		it(`Get fails the item for ${label}, before any request`, async () => {
			const run = await runTikTok(emulator, get(options));
			assert.match(String(run.error?.message), message);
			assert.equal(emulator.requests.filter((request) => request.path.startsWith(API)).length, 0);
		});

		it(`Create or Update fails for ${label} before anything is uploaded`, async () => {
			const run = await runTikTok(emulator, sync(options), { items: contacts });
			assert.match(String(run.error?.message), message);
			assert.equal(emulator.requests.filter((request) => request.path.startsWith(API)).length, 0);
		});
	}

	it('reads a number given as text from an expression', async () => {
		emulator.world.updateSettings({ matchingDelayMs: 24 * 60 * 60 * 1000 });
		const run = await runTikTok(
			emulator,
			sync({ waitMinutes: '={{ "0.005" }}', pollSeconds: '0.1' }),
			{
				items: contacts,
			},
		);
		assert.equal(run.error, undefined, run.error?.message);
		assert.equal(run.json[0].status, 'processing');
		assert.ok(Number(run.json[0].waitedSeconds) >= 0.3, String(run.json[0].waitedSeconds));
	});

	it('a wait that differs per item is read per item', async () => {
		const items = [{ minutes: 0 }, { minutes: '={{ NaN }}' }];
		const run = await runTikTok(emulator, get({ waitMinutes: '={{ $json.minutes }}' }), {
			items: [{ minutes: 0 }, { minutes: 'never' }],
			continueOnFail: true,
		});
		assert.equal(items.length, 2);
		assert.equal(run.json[0].status !== undefined, true);
		assert.match(String(run.json[1].error), /Wait Until Ready/);
	});
});
