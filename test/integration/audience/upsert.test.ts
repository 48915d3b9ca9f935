import { createHash } from 'node:crypto';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../../emulator';
import { useEmulator } from '../../support/emulator';
import { assert, describe, it } from '../../support/testing';
import { ADVERTISERS, byId, FAST_RETRY, runTikTok } from '../../support/tiktok';

// Audience → Create or Update: the nightly sync users run, safe to re-run, for several ad
// accounts, reporting whether the audience can be used yet.

const US = ADVERTISERS.acmeShoesUs.id;
const EU = ADVERTISERS.acmeShoesEu.id;
const OUTLET = ADVERTISERS.acmeOutlet.id;
const API = '/open_api/v1.3/dmp/custom_audience';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const contacts = (count: number, first = 0) =>
	Array.from({ length: count }, (_, index) => ({ email: `member${first + index}@example.com` }));
const digests = (count: number, first = 0) =>
	new Set(contacts(count, first).map(({ email }) => sha256(email)));

function sync(extra: IDataObject = {}): INodeParameters {
	return {
		resource: 'audience',
		operation: 'upsert',
		advertiserId: byId(US),
		audienceName: 'Nightly CRM sync',
		source: 'items',
		identifierFields: { emailField: 'email' },
		...extra,
	} as INodeParameters;
}

function named(emulator: Emulator, advertiserId: string, name = 'Nightly CRM sync') {
	return emulator.world.audiences(advertiserId).filter((audience) => audience.name === name);
}

describe('Audience → Create or Update', () => {
	let emulator: Emulator;
	useEmulator((started) => (emulator = started));

	it('creates on the first run and leaves one audience with exactly the input on the second', async () => {
		const first = await runTikTok(emulator, sync(), { items: contacts(1500) });
		assert.equal(first.error, undefined, first.error?.message);
		assert.equal(first.json[0].operation, 'created');
		const second = await runTikTok(emulator, sync(), { items: contacts(1500) });
		assert.equal(second.error, undefined, second.error?.message);
		assert.equal(second.json[0].operation, 'updated');
		assert.equal(second.json[0].audienceId, first.json[0].audienceId);
		assert.equal(second.json[0].rowsUploaded, 1500);
		const [audience] = named(emulator, US);
		assert.equal(named(emulator, US).length, 1);
		assert.deepEqual(audience.members, digests(1500));
	});

	it('a changed list leaves exactly the new list (Replace by default)', async () => {
		await runTikTok(emulator, sync(), { items: contacts(1500) });
		const run = await runTikTok(emulator, sync(), { items: contacts(1200, 700) });
		assert.equal(run.error, undefined, run.error?.message);
		assert.equal(run.json[0].action, 'REPLACE');
		assert.deepEqual(named(emulator, US)[0].members, digests(1200, 700));
	});

	it('adds or removes instead when asked', async () => {
		await runTikTok(emulator, sync(), { items: contacts(1500) });
		await runTikTok(emulator, sync({ membersAction: 'APPEND' }), { items: contacts(10, 5000) });
		assert.equal(named(emulator, US)[0].members.size, 1510);
		await runTikTok(emulator, sync({ membersAction: 'REMOVE' }), { items: contacts(10) });
		assert.equal(named(emulator, US)[0].members.size, 1500);
	});

	it('fails and lists the IDs when several audiences have the name, and changes nothing', async () => {
		const ids = [1, 2].map(
			() =>
				emulator.world.addAudience({
					advertiserId: US,
					name: 'Nightly CRM sync',
					calculateType: 'EMAIL_SHA256',
				}).audienceId,
		);
		const run = await runTikTok(emulator, sync(), { items: contacts(1500) });
		assert.match(String(run.error?.message), /2 audiences are named "Nightly CRM sync"/);
		for (const id of ids) assert.match(String(run.error?.description), new RegExp(id));
		assert.equal(
			emulator.requests.filter((request) => request.path.startsWith(`${API}/file/`)).length,
			0,
		);
	});

	it('syncs three ad accounts from one hashing pass, one output item each', async () => {
		const run = await runTikTok(emulator, sync({ additionalAdvertiserIds: `${EU}, ${OUTLET}` }), {
			items: contacts(1500),
		});
		assert.equal(run.error, undefined, run.error?.message);
		assert.deepEqual(
			run.json.map((result) => [result.advertiserId, result.operation]),
			[
				[US, 'created'],
				[EU, 'created'],
				[OUTLET, 'created'],
			],
		);
		const uploads = emulator.requests.filter((request) => request.path === `${API}/file/upload/`);
		assert.equal(uploads.length, 3, 'one upload per ad account');
		const md5s = uploads.map((request) => ((request.body as IDataObject).file as IDataObject).md5);
		assert.equal(new Set(md5s).size, 1, 'the same file bytes for every ad account');
		for (const advertiserId of [US, EU, OUTLET]) {
			assert.deepEqual(named(emulator, advertiserId)[0]?.members, digests(1500));
		}
	});

	it('one ad account failing does not stop the others under Continue On Fail', async () => {
		const run = await runTikTok(
			emulator,
			sync({ additionalAdvertiserIds: `${ADVERTISERS.otherAgencyClient.id}, ${EU}` }),
			{ items: contacts(1500), continueOnFail: true },
		);
		assert.equal(run.json.length, 3);
		assert.equal(run.json[0].operation, 'created');
		assert.equal(run.json[1].advertiserId, ADVERTISERS.otherAgencyClient.id);
		assert.ok(run.json[1].error);
		assert.equal(run.json[2].operation, 'created');
	});

	for (const phase of ['before', 'after'] as const) {
		it(`a create reply lost ${phase} TikTok acted neither doubles nor loses members`, async () => {
			emulator.faults.add({ path: `${API}/create/`, nth: 1, kind: 'reset', phase });
			const run = await runTikTok(emulator, sync({ options: FAST_RETRY }), {
				items: contacts(1500),
			});
			assert.equal(run.error, undefined, run.error?.message);
			assert.equal(named(emulator, US).length, 1);
			assert.deepEqual(named(emulator, US)[0].members, digests(1500));
		});
	}

	it('reports processing, then ready once TikTok has matched the audience', async () => {
		emulator.world.updateSettings({ matchingDelayMs: 24 * 60 * 60 * 1000 });
		const run = await runTikTok(emulator, sync(), { items: contacts(1500) });
		assert.equal(run.json[0].status, 'processing');
		const audienceId = String(run.json[0].audienceId);
		emulator.world.finishMatching(audienceId);
		const get = await runTikTok(emulator, {
			resource: 'audience',
			operation: 'get',
			advertiserId: byId(US),
			audienceId: byId(audienceId),
		});
		assert.equal(get.json[0].status, 'ready');
	});

	it('reports too small under 1,000 matched people', async () => {
		const run = await runTikTok(emulator, sync(), { items: contacts(300) });
		assert.equal(run.error, undefined, run.error?.message);
		assert.equal(run.json[0].status, 'too small');
	});

	it('Wait Until Ready waits for matching to finish', async () => {
		emulator.world.updateSettings({ matchingDelayMs: 700 });
		const run = await runTikTok(emulator, sync({ options: { waitMinutes: 1, pollSeconds: 0.2 } }), {
			items: contacts(1500),
		});
		assert.equal(run.json[0].status, 'ready');
		assert.ok(Number(run.json[0].waitedSeconds) >= 0.6);
	});

	it('Wait Until Ready stops at its bound, and fails only when asked', async () => {
		emulator.world.updateSettings({ matchingDelayMs: 24 * 60 * 60 * 1000 });
		const options = { waitMinutes: 0.01, pollSeconds: 0.2 };
		const run = await runTikTok(emulator, sync({ options }), { items: contacts(1500) });
		assert.equal(run.error, undefined, run.error?.message);
		assert.equal(run.json[0].status, 'processing');
		assert.equal(run.json[0].waitedSeconds, 0.6);
		const strict = await runTikTok(
			emulator,
			sync({ audienceName: 'Strict', options: { ...options, failIfNotReady: true } }),
			{ items: contacts(1500) },
		);
		assert.match(String(strict.error?.message), /is not ready: processing/);
	});
});
