import type { INodeProperties, INodePropertyOptions, INodeType } from 'n8n-workflow';

import type { Emulator } from '../emulator';
import { getPackage, NODE_TYPE } from '../support/harness';
import { useEmulator } from '../support/emulator';
import { assert, describe, it } from '../support/testing';
import { ADVERTISERS, AUDIENCES, byId, runTikTok, type CredentialKind } from '../support/tiktok';

describe('Custom API Call', () => {
	let current: Emulator;
	useEmulator((started) => (current = started));
	const emulator = () => current;

	it('ends every resource and operation list, so n8n adds no generic call of its own', async () => {
		const { nodeTypes } = await getPackage();
		const nodeType = nodeTypes.getByNameAndVersion(NODE_TYPE, 1) as INodeType;
		const lists = nodeType.description.properties.filter(
			(property: INodeProperties) => property.name === 'resource' || property.name === 'operation',
		);
		assert.equal(lists.length, 3);
		for (const list of lists) {
			const options = list.options as INodePropertyOptions[];
			// n8n's loader skips its injection when the last option already has this name.
			assert.equal(options[options.length - 1].name, 'Custom API Call');
		}
	});

	for (const credential of ['production', 'sandbox'] as CredentialKind[]) {
		it(`signs a GET with the ${credential} credential`, async () => {
			const advertiserId =
				credential === 'sandbox' ? ADVERTISERS.sandbox.id : ADVERTISERS.acmeShoesUs.id;
			const run = await runTikTok(
				emulator(),
				{
					resource: 'customApiCall',
					customMethod: 'GET',
					customEndpoint: '/advertiser/info/',
					customQuery: JSON.stringify({
						advertiser_ids: [advertiserId],
						fields: ['advertiser_id', 'name'],
					}),
				},
				{ credential },
			);
			assert.equal(run.error, undefined, run.error?.message);
			const list = run.json[0].list as Array<{ advertiser_id: string }>;
			assert.equal(list[0].advertiser_id, advertiserId);
		});
	}

	it('runs a POST from an operation list, with the item pairing and TikTok errors', async () => {
		const run = await runTikTok(
			emulator(),
			{
				resource: 'audience',
				operation: 'customApiCall',
				customMethod: 'POST',
				customEndpoint: 'dmp/custom_audience/lookalike/update',
				customBody: JSON.stringify({
					advertiser_id: ADVERTISERS.acmeShoesUs.id,
					custom_audience_ids: ['1'],
				}),
			},
			{ continueOnFail: true },
		);
		assert.equal(run.json.length, 1);
		assert.match(String(run.json[0].error), /TikTok refused the request/);
		assert.equal(typeof run.json[0].code, 'number');
	});

	it('refuses anything but a path below the API, so the token never goes elsewhere', async () => {
		for (const endpoint of ['https://example.com/steal/', '../../x/', '/a b/']) {
			const run = await runTikTok(emulator(), {
				resource: 'customApiCall',
				customEndpoint: endpoint,
			});
			assert.match(String(run.error?.message), /is not a TikTok API path/);
		}
		assert.equal(
			emulator().requests.length,
			0,
			'a request was sent for an endpoint that is not a TikTok path',
		);
	});

	it("explains a workflow saved with n8n's generic call", async () => {
		const run = await runTikTok(emulator(), {
			resource: 'audience',
			operation: '__CUSTOM_API_CALL__',
			audienceId: byId(AUDIENCES.newsletter.id),
		});
		assert.match(String(run.error?.message), /Custom API Call/);
	});
});
