import { useEmulator } from '../../support/emulator';
import { assert, describe, it } from '../../support/testing';
import { DEFAULT_WORLD } from '../../emulator/seed';
import type { Emulator } from '../../emulator/server';
import { ADVERTISER_INFO_FIELDS } from '../../emulator/spec';
import { EU, OTHER, OUTLET, SANDBOX, TOKENS, US, getApi } from '../test-helpers';

type InfoList = { list: Array<Record<string, unknown>> };

describe('emulator: advertiser/info', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	it('returns every field but company_name_editable when fields is left out', async () => {
		const reply = await getApi<InfoList>(emulator, '/advertiser/info/', {
			advertiser_ids: [US, EU, OUTLET],
		});
		assert.equal(reply.code, 0);
		assert.deepEqual(
			reply.data.list.map((advertiser) => advertiser.name),
			['Acme Shoes US', 'Acme Shoes EU', 'Acme Outlet'],
		);
		const first = reply.data.list[0];
		assert.deepEqual(
			Object.keys(first).sort(),
			ADVERTISER_INFO_FIELDS.filter((field) => field !== 'company_name_editable').sort(),
		);
		assert.equal(first.advertiser_id, US);
		assert.equal(first.status, 'STATUS_ENABLE');
		assert.equal(first.role, 'ROLE_ADVERTISER');
		assert.equal(first.currency, 'USD');
		assert.equal(first.owner_bc_id, DEFAULT_WORLD.businessCenters.acmeGroup.id);
		assert.equal(typeof first.balance, 'number');
		assert.equal(typeof first.create_time, 'number');
		assert.match(String(first.email), /\*\*\*/);
	});

	it('returns exactly the requested fields, without an unasked advertiser_id', async () => {
		const reply = await getApi<InfoList>(emulator, '/advertiser/info/', {
			advertiser_ids: [EU],
			fields: ['name', 'currency', 'timezone'],
		});
		assert.deepEqual(reply.data.list, [
			{ name: 'Acme Shoes EU', currency: 'EUR', timezone: 'Europe/Amsterdam' },
		]);
	});

	it('company_name_editable comes back alone', async () => {
		const reply = await getApi<InfoList>(emulator, '/advertiser/info/', {
			advertiser_ids: [US],
			fields: ['name', 'company_name_editable'],
		});
		assert.deepEqual(reply.data.list, [{ advertiser_id: US, company_name_editable: false }]);
	});

	it('an unknown field: 40002', async () => {
		const reply = await getApi(emulator, '/advertiser/info/', {
			advertiser_ids: [US],
			fields: ['name', 'budget'],
		});
		assert.equal(reply.code, 40002);
		assert.match(reply.message, /^fields\[1\]: must be one of .*; got "budget"$/);
	});

	it('an advertiser the token cannot access: 40001 naming it', async () => {
		const reply = await getApi(emulator, '/advertiser/info/', { advertiser_ids: [US, OTHER] });
		assert.equal(reply.code, 40001);
		assert.ok(reply.message.includes(OTHER));
	});

	it('works on the sandbox listener for the sandbox advertiser', async () => {
		const reply = await getApi<InfoList>(
			emulator,
			'/advertiser/info/',
			{ advertiser_ids: [SANDBOX], fields: ['name', 'currency'] },
			{ sandbox: true, token: TOKENS.sandbox },
		);
		assert.equal(reply.code, 0);
		assert.equal(reply.data.list[0].name, 'Sandbox Ad Account');
		const production = await getApi(emulator, '/advertiser/info/', { advertiser_ids: [SANDBOX] });
		assert.equal(production.code, 40001);
	});

	it('serves 250 bulk advertisers in batches of 100', async () => {
		const added = emulator.world.addAdvertisers(250, { authorizeToken: TOKENS.production });
		const ids = added.map((advertiser) => advertiser.advertiserId);
		assert.equal(new Set(ids).size, 250);
		assert.ok(
			ids.every((id) => /^\d{19}$/.test(id) && BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER)),
		);
		const names: unknown[] = [];
		for (let start = 0; start < ids.length; start += 100) {
			const reply = await getApi<InfoList>(emulator, '/advertiser/info/', {
				advertiser_ids: ids.slice(start, start + 100),
				fields: ['name'],
			});
			assert.equal(reply.code, 0);
			names.push(...reply.data.list.map((advertiser) => advertiser.name));
		}
		assert.equal(names.length, 250);
		assert.equal(names[0], 'Bulk Advertiser 001');
	});
});
