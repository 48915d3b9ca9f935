import type { INodeProperties, INodePropertyOptions, INodeType } from 'n8n-workflow';

import type { Emulator } from '../emulator';
import { getPackage, NODE_TYPE } from '../support/harness';
import { useEmulator } from '../support/emulator';
import { assert, describe, it } from '../support/testing';
import { AUDIENCES, byId, runTikTok } from '../support/tiktok';

describe('TikTok for Business node', () => {
	let current: Emulator;
	useEmulator((started) => (current = started));
	const emulator = () => current;

	describe('resource and operation lists', () => {
		it('ends every resource and operation list, so n8n adds no generic call of its own', async () => {
			const { nodeTypes } = await getPackage();
			const nodeType = nodeTypes.getByNameAndVersion(NODE_TYPE, 1) as INodeType;
			const lists = nodeType.description.properties.filter(
				(property: INodeProperties) =>
					property.name === 'resource' || property.name === 'operation',
			);
			assert.equal(lists.length, 3);
			for (const list of lists) {
				const options = list.options as INodePropertyOptions[];
				// n8n's loader skips its injection when the last option already has this name.
				assert.equal(options[options.length - 1].name, 'Custom API Call');
			}
		});
	});

	describe('router', () => {
		it("explains a workflow saved with n8n's generic call", async () => {
			const run = await runTikTok(emulator(), {
				resource: 'audience',
				operation: '__CUSTOM_API_CALL__',
				audienceId: byId(AUDIENCES.newsletter.id),
			});
			assert.match(String(run.error?.message), /Custom API Call/);
		});
	});
});
