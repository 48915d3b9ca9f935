import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_WORLD, type Emulator } from '../emulator';
import { searchList } from '../support/harness';
import { useEmulator } from '../support/emulator';
import { assert, describe, it } from '../support/testing';
import {
	ADVERTISERS,
	AUDIENCES,
	audienceOperation,
	byId,
	idFromItem,
	productionCredential,
	runTikTok,
	tikTokNode,
} from '../support/tiktok';

const US = ADVERTISERS.acmeShoesUs.id;
const EU = ADVERTISERS.acmeShoesEu.id;
const AD_GROUPS = DEFAULT_WORLD.adGroups;

function calls(emulator: Emulator, path: string) {
	return emulator.requests.filter((request) => request.path === `/open_api/v1.3${path}`);
}

const audienceParameters = (operation: string, extra: IDataObject = {}) =>
	audienceOperation(operation, US, AUDIENCES.newsletter.id, extra);

describe('Audience management', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	describe('Get and Get Many', () => {
		it('gets details and history, simplified by default', async () => {
			const run = await runTikTok(emulator, audienceParameters('get'));
			assert.equal(run.error, undefined);
			const audience = run.json[0];
			assert.equal(audience.audience_id, AUDIENCES.newsletter.id);
			assert.equal(audience.name, AUDIENCES.newsletter.name);
			assert.equal(audience.cover_num, AUDIENCES.newsletter.size);
			assert.ok(Array.isArray(audience.history) && audience.history.length > 0);
			assert.equal(audience.owner_id, undefined, 'simplified output leaves out other fields');
		});

		it('gets every field with Simplify off', async () => {
			const run = await runTikTok(emulator, audienceParameters('get', { simplify: false }));
			assert.equal(run.json[0].owner_id, US);
		});

		it('pages through every audience with Return All', async () => {
			emulator.world.addAudiences(US, 230);
			const run = await runTikTok(emulator, {
				resource: 'audience',
				operation: 'getAll',
				advertiserId: byId(US),
				returnAll: true,
			});
			assert.equal(run.error, undefined);
			const visible = emulator.world.visibleAudiences(US).length;
			assert.equal(run.json.length, visible);
			assert.equal(new Set(run.json.map((audience) => audience.audience_id)).size, visible);
			const pages = calls(emulator, '/dmp/custom_audience/list/');
			assert.equal(pages.length, Math.ceil(visible / 100));
			assert.ok(pages.every((page) => page.query.page_size === '100'));
		});

		it('stops at the limit with a single page request', async () => {
			emulator.world.addAudiences(US, 230);
			const run = await runTikTok(emulator, {
				resource: 'audience',
				operation: 'getAll',
				advertiserId: byId(US),
				returnAll: false,
				limit: 7,
			});
			assert.equal(run.json.length, 7);
			assert.equal(calls(emulator, '/dmp/custom_audience/list/').length, 1);
		});

		it('filters by audience IDs', async () => {
			const run = await runTikTok(emulator, {
				resource: 'audience',
				operation: 'getAll',
				advertiserId: byId(US),
				returnAll: true,
				filters: { audienceIds: `${AUDIENCES.newsletter.id}, ${AUDIENCES.recentBuyers.id}` },
			});
			assert.deepEqual(run.json.map((audience) => audience.audience_id).sort(), [
				AUDIENCES.newsletter.id,
				AUDIENCES.recentBuyers.id,
			]);
			const [request] = calls(emulator, '/dmp/custom_audience/list/');
			assert.equal(
				request.query.custom_audience_ids,
				JSON.stringify([AUDIENCES.newsletter.id, AUDIENCES.recentBuyers.id]),
			);
		});
	});

	describe('Update fields and Delete', () => {
		it('renames without touching members', async () => {
			const run = await runTikTok(
				emulator,
				audienceParameters('update', {
					membersAction: 'none',
					updateFields: { name: 'Newsletter (all)' },
				}),
			);
			assert.equal(run.error, undefined);
			assert.deepEqual(run.json[0].updatedFields, ['name']);
			const audience = emulator.world.audience(AUDIENCES.newsletter.id);
			assert.equal(audience?.name, 'Newsletter (all)');
			assert.equal(audience?.members.size, AUDIENCES.newsletter.size);
		});

		it('turns on enhancement alone, sending the name TikTok requires with it', async () => {
			const run = await runTikTok(
				emulator,
				audienceParameters('update', {
					membersAction: 'none',
					updateFields: { audienceEnhancement: true },
				}),
			);
			assert.equal(run.error, undefined, run.error?.message);
			const audience = emulator.world.audience(AUDIENCES.newsletter.id);
			assert.equal(audience?.audienceEnhancement, true);
			assert.equal(audience?.name, AUDIENCES.newsletter.name);
			const [update] = calls(emulator, '/dmp/custom_audience/update/');
			assert.equal((update.body as IDataObject).custom_audience_name, AUDIENCES.newsletter.name);
		});

		it('adds members and turns on enhancement in one request', async () => {
			const before = emulator.world.audience(AUDIENCES.newsletter.id)?.members.size ?? 0;
			const run = await runTikTok(
				emulator,
				audienceParameters('update', {
					membersAction: 'APPEND',
					source: 'items',
					identifierFields: { emailField: 'email' },
					updateFields: { audienceEnhancement: true },
				}),
				{ items: [{ email: 'new.one@example.com' }, { email: 'new.two@example.com' }] },
			);
			assert.equal(run.error, undefined, run.error?.message);
			const audience = emulator.world.audience(AUDIENCES.newsletter.id);
			assert.equal(audience?.members.size, before + 2);
			assert.equal(audience?.audienceEnhancement, true);
			assert.equal(calls(emulator, '/dmp/custom_audience/update/').length, 1);
		});

		it('switches to Reach & Frequency with the name TikTok requires', async () => {
			const run = await runTikTok(
				emulator,
				audienceParameters('update', {
					membersAction: 'none',
					updateFields: { reachFrequency: true },
				}),
			);
			assert.equal(run.error, undefined, run.error?.message);
			assert.equal(
				emulator.world.audience(AUDIENCES.newsletter.id)?.audienceSubType,
				'REACH_FREQUENCY',
			);
		});

		it('says so when there is nothing to update', async () => {
			const run = await runTikTok(
				emulator,
				audienceParameters('update', { membersAction: 'none' }),
			);
			assert.ok(run.error);
			assert.match(run.error.message, /Nothing to update/);
		});

		it('deletes the audiences of all items in one request', async () => {
			const run = await runTikTok(
				emulator,
				audienceParameters('delete', {
					audienceId: idFromItem(),
				}),
				{ items: [{ id: AUDIENCES.newsletter.id }, { id: AUDIENCES.recentBuyers.id }] },
			);
			assert.equal(run.error, undefined);
			assert.deepEqual(run.json, [
				{ deleted: true, audienceId: AUDIENCES.newsletter.id, advertiserId: US },
				{ deleted: true, audienceId: AUDIENCES.recentBuyers.id, advertiserId: US },
			]);
			assert.equal(calls(emulator, '/dmp/custom_audience/delete/').length, 1);
			assert.equal(emulator.world.audience(AUDIENCES.newsletter.id), undefined);
			assert.equal(emulator.world.audience(AUDIENCES.recentBuyers.id), undefined);
		});

		it('deletes the others when one audience belongs to another advertiser', async () => {
			const run = await runTikTok(
				emulator,
				audienceParameters('delete', {
					audienceId: idFromItem(),
				}),
				{
					items: [{ id: AUDIENCES.otherAgencyRetargeting.id }, { id: AUDIENCES.recentBuyers.id }],
					continueOnFail: true,
				},
			);
			assert.equal(run.error, undefined);
			assert.ok(run.json[0].error);
			assert.ok(run.json[0].code === 40001 || run.json[0].code === 40007);
			assert.equal(run.json[1].deleted, true);
			assert.ok(emulator.world.audience(AUDIENCES.otherAgencyRetargeting.id));
			assert.equal(emulator.world.audience(AUDIENCES.recentBuyers.id), undefined);
		});
	});

	describe('Sharing', () => {
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

		it('cancels sharing', async () => {
			await runTikTok(emulator, audienceParameters('share', { sharedAdvertiserIds: EU }));
			const run = await runTikTok(
				emulator,
				audienceParameters('cancelShare', { sharedAdvertiserIds: EU }),
			);
			assert.equal(run.error, undefined);
			const audience = emulator.world.audience(AUDIENCES.newsletter.id);
			assert.equal(audience?.sharedWith.get(EU)?.status, 'CANCELLED');
		});

		it("explains TikTok's refusal to share outside the Business Center", async () => {
			const run = await runTikTok(
				emulator,
				audienceParameters('share', { sharedAdvertiserIds: ADVERTISERS.otherAgencyClient.id }),
			);
			assert.ok(run.error);
			assert.match(run.error.message, /code 40002/);
			assert.match(run.error.message, /Business Center/i);
		});

		it('refuses more than 10 advertisers before calling TikTok', async () => {
			const ids = Array.from({ length: 11 }, (_, index) => `70000000000000000${10 + index}`);
			const run = await runTikTok(
				emulator,
				audienceParameters('share', { sharedAdvertiserIds: ids.join(',') }),
			);
			assert.ok(run.error);
			assert.match(run.error.message, /More than 10/);
			assert.equal(calls(emulator, '/dmp/custom_audience/share/').length, 0);
		});
	});

	describe('Lookalikes', () => {
		it('creates a lookalike with a spec-valid body', async () => {
			const run = await runTikTok(
				emulator,
				audienceParameters('createLookalike', {
					audienceName: 'Newsletter lookalike DE',
					locationIds: '2921044',
					placements: ['TikTok', 'Pangle'],
					audienceSize: 'NARROW',
					mobileOs: 'IOS',
					includeSource: true,
				}),
			);
			assert.equal(run.error, undefined);
			const [request] = calls(emulator, '/dmp/custom_audience/lookalike/create/');
			assert.deepEqual(request.body, {
				advertiser_id: US,
				custom_audience_name: 'Newsletter lookalike DE',
				lookalike_spec: {
					source_audience_id: AUDIENCES.newsletter.id,
					include_source: true,
					mobile_os: 'IOS',
					placements: ['TikTok', 'Pangle'],
					location_ids: ['2921044'],
					audience_size: 'NARROW',
				},
			});
			const created = emulator.world.audience(String(run.json[0].audienceId));
			assert.match(String(created?.audienceType), /Lookalike/);
		});

		it('refuses a lookalike as the source, explaining TikTok', async () => {
			const run = await runTikTok(
				emulator,
				audienceParameters('createLookalike', {
					audienceId: byId(AUDIENCES.newsletterLookalike.id),
					audienceName: 'Lookalike of a lookalike',
					locationIds: '6252001',
					placements: ['TikTok'],
				}),
			);
			assert.ok(run.error);
			assert.match(run.error.message, /code 40002/);
		});

		it('refreshes a lookalike', async () => {
			const run = await runTikTok(
				emulator,
				audienceParameters('refreshLookalike', {
					audienceId: byId(AUDIENCES.newsletterLookalike.id),
				}),
			);
			assert.equal(run.error, undefined);
			assert.equal(run.json[0].refreshed, true);
			const [request] = calls(emulator, '/dmp/custom_audience/lookalike/update/');
			assert.deepEqual((request.body as IDataObject).custom_audience_ids, [
				AUDIENCES.newsletterLookalike.id,
			]);
		});
	});

	describe('Ad groups', () => {
		const adGroupIds = `${AD_GROUPS.usSpringSale.id}, ${AD_GROUPS.usRetargeting.id}`;

		it('applies an audience to ad groups, excluded, and logs it', async () => {
			const run = await runTikTok(
				emulator,
				audienceParameters('applyToAdGroups', { adGroupIds, usageMode: 'Exclude' }),
			);
			assert.equal(run.error, undefined);
			const [request] = calls(emulator, '/dmp/custom_audience/apply/');
			assert.deepEqual(request.body, {
				advertiser_id: US,
				custom_audience_id: AUDIENCES.newsletter.id,
				adgroup_ids: [AD_GROUPS.usSpringSale.id, AD_GROUPS.usRetargeting.id],
				action_mode: 'Apply',
				usage_mode: 'Exclude',
			});
			const log = await runTikTok(emulator, audienceParameters('getApplyLog', { returnAll: true }));
			assert.equal(log.error, undefined);
			assert.deepEqual(log.json.map((entry) => entry.adgroup_id).sort(), [
				AD_GROUPS.usSpringSale.id,
				AD_GROUPS.usRetargeting.id,
			]);
			assert.ok(log.json.every((entry) => entry.usage_mode === 'Exclude'));
		});

		it('disconnects an audience from ad groups', async () => {
			await runTikTok(emulator, audienceParameters('applyToAdGroups', { adGroupIds }));
			assert.equal(
				emulator.world.adGroup(AD_GROUPS.usSpringSale.id)?.audiences.get(AUDIENCES.newsletter.id),
				'Include',
			);
			const run = await runTikTok(
				emulator,
				audienceParameters('disconnectFromAdGroups', { adGroupIds }),
			);
			assert.equal(run.error, undefined);
			const request = calls(emulator, '/dmp/custom_audience/apply/').at(-1);
			assert.equal((request?.body as IDataObject).action_mode, 'Disconnect');
			assert.equal((request?.body as IDataObject).usage_mode, undefined);
			for (const adGroupId of [AD_GROUPS.usSpringSale.id, AD_GROUPS.usRetargeting.id]) {
				const adGroup = emulator.world.adGroup(adGroupId);
				assert.ok(adGroup);
				assert.equal(adGroup.audiences.has(AUDIENCES.newsletter.id), false);
			}
		});
	});

	describe('audience picker', () => {
		const node = tikTokNode(
			audienceParameters('get', { audienceId: { __rl: true, mode: 'list', value: '' } }),
		);

		it("lists the selected advertiser's audiences with size and validity", async () => {
			const result = await searchList(node, 'searchAudiences', [productionCredential(emulator)]);
			const newsletter = result.results.find((entry) => entry.value === AUDIENCES.newsletter.id);
			assert.ok(newsletter);
			// n8n draws only the name of a list entry, so size and readiness are part of it.
			assert.match(
				newsletter.name,
				/^Newsletter subscribers \(1,500 users · expires \d{4}-\d\d-\d\d\)$/,
			);
			assert.match(String(newsletter.description), /1,500 users/);
		});

		it('filters by name and pages on', async () => {
			emulator.world.addAudiences(US, 150, { namePrefix: 'Bulk segment' });
			const first = await searchList(
				node,
				'searchAudiences',
				[productionCredential(emulator)],
				'bulk',
			);
			assert.equal(first.results.length, 100);
			assert.equal(first.paginationToken, '2');
			const second = await searchList(
				node,
				'searchAudiences',
				[productionCredential(emulator)],
				'bulk',
				first.paginationToken,
			);
			assert.equal(second.results.length, 50);
			assert.equal(second.paginationToken, undefined);
		});

		it('pages through 250 audiences with text tokens, as both n8n versions send them', async () => {
			const seeded = (await firstPage()).length;
			assert.ok(seeded < 100, 'the seeded world should fit one page');
			emulator.world.addAudiences(US, 250, { namePrefix: 'Agency audience' });
			const seen: string[] = [];
			let token: string | undefined;
			let calls = 0;
			do {
				const page = await searchList(
					node,
					'searchAudiences',
					[productionCredential(emulator)],
					undefined,
					token,
				);
				calls++;
				// n8n 2.8.4 answers HTTP 400 for a token that is not a string.
				if (page.paginationToken !== undefined) assert.equal(typeof page.paginationToken, 'string');
				seen.push(...page.results.map((entry) => String(entry.value)));
				token = page.paginationToken as string | undefined;
			} while (token !== undefined && calls < 10);
			assert.equal(seen.length, seeded + 250);
			assert.equal(new Set(seen).size, seen.length, 'an audience was listed twice');
			assert.equal(calls, Math.ceil((seeded + 250) / 100));
		});

		async function firstPage(): Promise<string[]> {
			const page = await searchList(node, 'searchAudiences', [productionCredential(emulator)]);
			return page.results.map((entry) => String(entry.value));
		}
	});
});
