import type { Emulator } from '../../emulator';
import { searchList } from '../../support/harness';
import { useEmulator } from '../../support/emulator';
import { audienceParameters, AUTHORIZED, US } from '../../support/operations';
import { assert, describe, it } from '../../support/testing';
import {
	ADVERTISERS,
	AUDIENCES,
	productionCredential,
	sandboxCredential,
	tikTokNode,
} from '../../support/tiktok';

// The resource locators' "From list", called through n8n-core as the editor calls them.

describe('List search: the pickers', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	describe('advertiser picker', () => {
		const node = (credential: 'production' | 'sandbox') =>
			tikTokNode(
				{
					resource: 'advertiser',
					operation: 'get',
					advertiserId: { __rl: true, mode: 'list', value: '' },
				},
				{ credential },
			);

		it('lists every authorized ad account by name and ID', async () => {
			const result = await searchList(node('production'), 'searchAdvertisers', [
				productionCredential(emulator),
			]);
			assert.deepEqual(result.results.map((entry) => entry.value).sort(), [...AUTHORIZED].sort());
			assert.ok(result.results.every((entry) => String(entry.url).includes('aadvid=')));
		});

		it('filters by name, case-insensitively', async () => {
			const result = await searchList(
				node('production'),
				'searchAdvertisers',
				[productionCredential(emulator)],
				'shoes',
			);
			assert.deepEqual(result.results.map((entry) => entry.name).sort(), [
				'Acme Shoes EU',
				'Acme Shoes US',
			]);
		});

		it('filters by ID', async () => {
			const result = await searchList(
				node('production'),
				'searchAdvertisers',
				[productionCredential(emulator)],
				ADVERTISERS.acmeOutlet.id.slice(-4),
			);
			assert.deepEqual(
				result.results.map((entry) => entry.value),
				[ADVERTISERS.acmeOutlet.id],
			);
		});

		it('offers the sandbox ad account in sandbox mode', async () => {
			const result = await searchList(node('sandbox'), 'searchAdvertisers', [
				sandboxCredential(emulator),
			]);
			assert.deepEqual(result.results, [
				{
					name: ADVERTISERS.sandbox.name,
					value: ADVERTISERS.sandbox.id,
					url: `https://ads.tiktok.com/i18n/dashboard?aadvid=${ADVERTISERS.sandbox.id}`,
				},
			]);
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
