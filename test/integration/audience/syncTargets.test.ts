import { createHash } from 'node:crypto';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../../emulator';
import { useEmulator } from '../../support/emulator';
import { audienceCalls } from '../../support/operations';
import { assert, describe, it } from '../../support/testing';
import {
	ADVERTISERS,
	AUDIENCES,
	byId,
	FAST_RETRY,
	idFromItem,
	runTikTok,
} from '../../support/tiktok';

// Create or Update's unit is the target (ad account, name): every item that names a target goes
// into one create-or-update of it, whatever order or subset of ad accounts the item lists.
// Only owned customer-file audiences are matched; Remove never creates; no update is sent
// without files; every target is checked before the first upload.

const US = ADVERTISERS.acmeShoesUs.id;
const EU = ADVERTISERS.acmeShoesEu.id;
const OTHER = ADVERTISERS.otherAgencyClient.id;
const API = '/open_api/v1.3/dmp/custom_audience';
const NAME = 'Nightly CRM sync';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const email = (index: number) => `member${index}@example.com`;
const digests = (indices: number[]) => new Set(indices.map((index) => sha256(email(index))));
const range = (from: number, count: number) =>
	Array.from({ length: count }, (_, index) => from + index);

function sync(extra: IDataObject = {}): INodeParameters {
	return {
		resource: 'audience',
		operation: 'upsert',
		advertiserId: idFromItem('adv'),
		additionalAdvertiserIds: '={{ $json.more }}',
		audienceName: NAME,
		source: 'items',
		identifierFields: { emailField: 'email' },
		...extra,
	} as INodeParameters;
}

const items = (indices: number[], adv: string, more: string) =>
	indices.map((index) => ({ email: email(index), adv, more }));

function named(emulator: Emulator, advertiserId: string, name = NAME) {
	return emulator.world.audiences(advertiserId).filter((audience) => audience.name === name);
}

describe('Audience → Create or Update: targets', () => {
	let emulator: Emulator;
	useEmulator((started) => (emulator = started));

	it('gives each audience every item that names its ad account, in any order', async () => {
		const run = await runTikTok(emulator, sync(), {
			items: [...items(range(0, 1200), US, EU), ...items(range(1200, 1200), EU, US)],
		});
		assert.equal(run.error, undefined, run.error?.message);
		for (const advertiserId of [US, EU]) {
			assert.equal(named(emulator, advertiserId).length, 1);
			assert.deepEqual(named(emulator, advertiserId)[0].members, digests(range(0, 2400)));
		}
		// One build for both: the same items name both ad accounts.
		const md5s = audienceCalls(emulator, '/file/upload/').map(
			(request) => ((request.body as IDataObject).file as IDataObject).md5,
		);
		assert.equal(new Set(md5s).size, 1);
		assert.deepEqual(
			run.json.map((json) => [json.advertiserId, json.operation, json.rowsUploaded]),
			[
				[US, 'created', 2400],
				[EU, 'created', 2400],
			],
		);
		assert.equal(
			run.output[0].pairedItem instanceof Array && run.output[0].pairedItem.length,
			2400,
		);
	});

	it('gives each audience exactly its items when items name different subsets', async () => {
		const run = await runTikTok(emulator, sync(), {
			items: [...items(range(0, 1200), US, ''), ...items(range(1200, 1200), US, EU)],
		});
		assert.equal(run.error, undefined, run.error?.message);
		assert.deepEqual(named(emulator, US)[0].members, digests(range(0, 2400)));
		assert.deepEqual(named(emulator, EU)[0].members, digests(range(1200, 1200)));
		assert.equal(run.json.length, 2);
	});

	it('replaces once per audience: a second run with other subsets leaves exactly its items', async () => {
		await runTikTok(emulator, sync(), { items: items(range(0, 1500), US, EU) });
		const run = await runTikTok(emulator, sync(), {
			items: [...items(range(100, 1100), EU, US), ...items(range(5000, 1000), US, '')],
		});
		assert.equal(run.error, undefined, run.error?.message);
		assert.deepEqual(
			named(emulator, US)[0].members,
			digests([...range(100, 1100), ...range(5000, 1000)]),
		);
		assert.deepEqual(named(emulator, EU)[0].members, digests(range(100, 1100)));
		assert.deepEqual(
			run.json.map((json) => json.operation),
			['updated', 'updated'],
		);
	});

	it('names the same ad account twice in one item once', async () => {
		const run = await runTikTok(emulator, sync(), {
			items: items(range(0, 1200), US, `${US}, ${US}`),
		});
		assert.equal(run.error, undefined, run.error?.message);
		assert.equal(run.json.length, 1);
		assert.equal(audienceCalls(emulator, '/create/').length, 1);
	});

	it('matches a name given with padding to the audience of the trimmed name, and the other way round', async () => {
		await runTikTok(emulator, sync({ audienceName: `  ${NAME} ` }), {
			items: items(range(0, 1200), US, ''),
		});
		assert.equal(named(emulator, US).length, 1, 'created under the trimmed name');
		emulator.world.addAudience({
			advertiserId: EU,
			name: ` ${NAME}  `,
			calculateType: 'EMAIL_SHA256',
		});
		const run = await runTikTok(emulator, sync(), { items: items(range(0, 1200), EU, US) });
		assert.equal(run.error, undefined, run.error?.message);
		assert.deepEqual(
			run.json.map((json) => json.operation),
			['updated', 'updated'],
		);
	});
});

describe('Audience → Create or Update: Remove, empty lists and namesakes', () => {
	let emulator: Emulator;
	useEmulator((started) => (emulator = started));

	it('Remove Members never creates: a missing audience is reported, nothing is uploaded', async () => {
		const run = await runTikTok(emulator, sync({ membersAction: 'REMOVE' }), {
			items: items(range(0, 1200), US, EU),
		});
		assert.equal(run.error, undefined, run.error?.message);
		assert.deepEqual(
			run.json.map((json) => [json.advertiserId, json.operation]),
			[
				[US, 'notFound'],
				[EU, 'notFound'],
			],
		);
		assert.match(String(run.json[0].message), /nothing to remove, nothing created/);
		assert.equal(named(emulator, US).length + named(emulator, EU).length, 0);
		assert.equal(audienceCalls(emulator, '/file/upload/').length, 0);
		assert.equal(audienceCalls(emulator, '/create/').length, 0);
	});

	it('Remove Members removes where the audience exists and reports notFound where it does not', async () => {
		await runTikTok(emulator, sync(), { items: items(range(0, 1500), US, '') });
		const run = await runTikTok(emulator, sync({ membersAction: 'REMOVE' }), {
			items: items(range(0, 10), US, EU),
		});
		assert.equal(run.error, undefined, run.error?.message);
		assert.deepEqual(
			run.json.map((json) => json.operation),
			['updated', 'notFound'],
		);
		assert.equal(named(emulator, US)[0].members.size, 1490);
		assert.equal(named(emulator, EU).length, 0);
	});

	for (const membersAction of ['REPLACE', 'APPEND', 'REMOVE']) {
		it(`an existing audience and no valid rows: no update is sent (${membersAction})`, async () => {
			await runTikTok(emulator, sync(), { items: items(range(0, 1500), US, '') });
			const before = new Set(named(emulator, US)[0].members);
			const run = await runTikTok(emulator, sync({ membersAction }), {
				items: [
					{ email: 'not an e-mail', adv: US, more: '' },
					{ email: '', adv: US, more: '' },
				],
			});
			assert.match(String(run.error?.message), /No valid identifiers/);
			assert.match(String(run.error?.description), /was not changed/);
			assert.equal(audienceCalls(emulator, '/update/').length, 0);
			assert.deepEqual(named(emulator, US)[0].members, before);
		});
	}

	it('leaves an audience shared in by another ad account alone, and says so', async () => {
		const shared = emulator.world.addAudience({
			advertiserId: EU,
			name: NAME,
			calculateType: 'EMAIL_SHA256',
		});
		const share = await runTikTok(emulator, {
			resource: 'audience',
			operation: 'share',
			advertiserId: byId(EU),
			audienceId: byId(shared.audienceId),
			sharedAdvertiserIds: US,
		});
		assert.equal(share.error, undefined, share.error?.message);
		const run = await runTikTok(emulator, sync(), { items: items(range(0, 1200), US, '') });
		assert.equal(run.error, undefined, run.error?.message);
		assert.equal(run.json[0].operation, 'created');
		assert.notEqual(run.json[0].audienceId, shared.audienceId);
		assert.deepEqual(run.json[0].otherNamesakes, [
			{ audienceId: shared.audienceId, reason: 'shared with this ad account by another' },
		]);
		assert.equal(emulator.world.audience(shared.audienceId)?.members.size, 0, 'not changed');
		// The next run finds its own audience, not the shared one.
		const again = await runTikTok(emulator, sync(), { items: items(range(0, 1300), US, '') });
		assert.equal(again.json[0].operation, 'updated');
		assert.equal(again.json[0].audienceId, run.json[0].audienceId);
	});

	it('leaves a lookalike of the same name alone, and says so', async () => {
		const lookalike = emulator.world.addAudience({
			advertiserId: US,
			name: NAME,
			lookalikeSpec: {
				source_audience_id: AUDIENCES.recentBuyers.id,
				include_source: false,
				mobile_os: 'ALL',
				placements: ['TikTok'],
				location_ids: ['6252001'],
				audience_size: 'BALANCED',
			},
		});
		const run = await runTikTok(emulator, sync(), { items: items(range(0, 1200), US, '') });
		assert.equal(run.error, undefined, run.error?.message);
		assert.equal(run.json[0].operation, 'created');
		assert.match(
			String((run.json[0].otherNamesakes as IDataObject[])[0].reason),
			/not a customer-file audience/,
		);
		assert.equal((run.json[0].otherNamesakes as IDataObject[])[0].audienceId, lookalike.audienceId);
	});

	it('still refuses two owned customer-file audiences of the name, listing them', async () => {
		emulator.world.addAudience({ advertiserId: US, name: NAME, calculateType: 'EMAIL_SHA256' });
		emulator.world.addAudience({ advertiserId: US, name: NAME, calculateType: 'EMAIL_SHA256' });
		const run = await runTikTok(emulator, sync(), { items: items(range(0, 1200), US, '') });
		assert.match(String(run.error?.message), /2 audiences are named/);
		assert.equal(audienceCalls(emulator, '/file/upload/').length, 0);
	});
});

describe('Audience → Create or Update: failures across ad accounts', () => {
	let emulator: Emulator;
	useEmulator((started) => (emulator = started));

	it('an ad account it may not use fails the run before anything is uploaded anywhere', async () => {
		const run = await runTikTok(emulator, sync(), { items: items(range(0, 1200), US, OTHER) });
		assert.ok(run.error);
		assert.match(String(run.error.description), /Nothing was uploaded to these ad accounts/);
		assert.equal(audienceCalls(emulator, '/file/upload/').length, 0);
		assert.equal(named(emulator, US).length, 0);
	});

	it('an upload that keeps failing in one ad account changes no audience in any', async () => {
		// Each file goes to US first, then EU: every upload after the first fails.
		emulator.faults.add({
			path: `${API}/file/upload/`,
			nth: 2,
			times: 10,
			kind: 'httpStatus',
			status: 503,
		});
		const run = await runTikTok(emulator, sync({ options: FAST_RETRY }), {
			items: items(range(0, 1200), US, EU),
		});
		assert.ok(run.error);
		assert.match(String(run.error.description), /No audience was created or changed/);
		assert.equal(audienceCalls(emulator, '/create/').length, 0);
	});

	it('a create refused in the second ad account names the audience already created in the first', async () => {
		emulator.faults.add({ path: `${API}/create/`, nth: 2, kind: 'code', code: 40002 } as never);
		const run = await runTikTok(emulator, sync(), { items: items(range(0, 1200), US, EU) });
		assert.ok(run.error);
		assert.match(
			String(run.error.description),
			new RegExp(`already: created audience "${NAME}" \\(\\d+\\) in ad account ${US}`),
		);
		assert.equal(named(emulator, US).length, 1);
		assert.equal(named(emulator, EU).length, 0);
	});

	it('under Continue On Fail each ad account reports for itself', async () => {
		const run = await runTikTok(emulator, sync(), {
			items: items(range(0, 1200), US, `${OTHER}, ${EU}`),
			continueOnFail: true,
		});
		assert.deepEqual(
			run.json.map((json) => [json.advertiserId, json.operation ?? 'error']),
			[
				[US, 'created'],
				[OTHER, 'error'],
				[EU, 'created'],
			],
		);
	});

	it('an item whose advertiser expression gives no ID fails alone under Continue On Fail', async () => {
		const run = await runTikTok(emulator, sync(), {
			items: [...items(range(0, 1200), US, ''), { email: email(9999), adv: 'not an id', more: '' }],
			continueOnFail: true,
		});
		assert.equal(run.json.length, 2);
		assert.equal(run.json[0].operation, 'created');
		assert.match(String(run.json[1].error), /advertiser ID "not an id" is not valid/);
		assert.deepEqual(run.output[1].pairedItem, { item: 1200 });
		assert.deepEqual(named(emulator, US)[0].members, digests(range(0, 1200)));
	});
});
