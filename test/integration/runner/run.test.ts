import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../../emulator';
import { useEmulator } from '../../support/emulator';
import { AD_GROUPS, calls, EU, US } from '../../support/operations';
import { assert, describe, it } from '../../support/testing';
import { AUDIENCES, runTikTok } from '../../support/tiktok';

// Hostile configurations, not only hostile values, for every operation: parameters from
// expressions that differ per item, the same target named twice in one run, empty and
// all-invalid inputs, NaN, Infinity and text in number fields, and targets that are shared in or
// of another kind. Everything here runs through the runner (actions/runner/run.ts).

const API = '/open_api/v1.3';
const apiCalls = (emulator: Emulator) =>
	emulator.requests.filter((request) => request.path.startsWith(API));

const fromItem = (field: string) => ({ __rl: true, mode: 'id', value: `={{ $json.${field} }}` });

interface Operation {
	label: string;
	parameters: IDataObject;
	/** Whether the operation reads an audience ID (from `$json.aud`). */
	audience?: boolean;
	/** Number fields of the operation, with the label its error names. */
	numbers?: Array<[string, unknown, RegExp]>;
	/** Members from items (`$json.email`). */
	members?: boolean;
}

const members = { source: 'items', identifierFields: { emailField: 'email' } };

const OPERATIONS: Operation[] = [
	{ label: 'Advertiser → Get', parameters: { resource: 'advertiser', operation: 'get' } },
	{
		label: 'Advertiser → Get Many',
		parameters: { resource: 'advertiser', operation: 'getAll', returnAll: false },
		numbers: [['limit', '={{ Infinity }}', /"Limit" must be a whole number/]],
	},
	{
		label: 'Audience → Get',
		parameters: { resource: 'audience', operation: 'get' },
		audience: true,
		numbers: [['options.historySize', '={{ "many" }}', /"History Size"/]],
	},
	{
		label: 'Audience → Get Many',
		parameters: { resource: 'audience', operation: 'getAll', returnAll: false },
		numbers: [['limit', '={{ NaN }}', /"Limit" must be a whole number/]],
	},
	{
		label: 'Audience → Delete',
		parameters: { resource: 'audience', operation: 'delete' },
		audience: true,
	},
	{
		label: 'Audience → Share',
		parameters: { resource: 'audience', operation: 'share', sharedAdvertiserIds: EU },
		audience: true,
	},
	{
		label: 'Audience → Cancel Sharing',
		parameters: { resource: 'audience', operation: 'cancelShare', sharedAdvertiserIds: EU },
		audience: true,
	},
	{
		label: 'Audience → Get Sharing Log',
		parameters: { resource: 'audience', operation: 'getShareLog' },
		audience: true,
	},
	{
		label: 'Audience → Create Lookalike',
		parameters: {
			resource: 'audience',
			operation: 'createLookalike',
			audienceName: 'Lookalike',
			locationIds: '6252001',
			placements: ['TikTok'],
		},
		audience: true,
	},
	{
		label: 'Audience → Refresh Lookalike',
		parameters: { resource: 'audience', operation: 'refreshLookalike' },
		audience: true,
	},
	{
		label: 'Audience → Apply to Ad Groups',
		parameters: {
			resource: 'audience',
			operation: 'applyToAdGroups',
			adGroupIds: AD_GROUPS.usSpringSale.id,
		},
		audience: true,
	},
	{
		label: 'Audience → Disconnect From Ad Groups',
		parameters: {
			resource: 'audience',
			operation: 'disconnectFromAdGroups',
			adGroupIds: AD_GROUPS.usSpringSale.id,
		},
		audience: true,
	},
	{
		label: 'Audience → Get Apply Log',
		parameters: { resource: 'audience', operation: 'getApplyLog', returnAll: true },
		audience: true,
	},
	{
		label: 'Audience → Create',
		parameters: { resource: 'audience', operation: 'create', audienceName: 'Hostile', ...members },
		members: true,
		numbers: [
			['options.rowsPerFile', '={{ NaN }}', /"Rows per File" must be a whole number/],
			['options.retentionInDays', 400, /"Retention \(Days\)" must be a whole number from 1 to 365/],
		],
	},
	{
		label: 'Audience → Create or Update',
		parameters: { resource: 'audience', operation: 'upsert', audienceName: 'Hostile', ...members },
		members: true,
		numbers: [
			['options.rowsPerFile', '={{ -5 }}', /"Rows per File"/],
			['options.retentionInDays', '={{ 1.5 }}', /"Retention \(Days\)" must be a whole number/],
		],
	},
	{
		label: 'Audience → Update',
		parameters: { resource: 'audience', operation: 'update', membersAction: 'APPEND', ...members },
		audience: true,
		members: true,
		numbers: [['options.rowsPerFile', '={{ Infinity }}', /"Rows per File"/]],
	},
	{
		label: 'Custom API Call',
		parameters: {
			resource: 'customApiCall',
			customMethod: 'GET',
			customEndpoint: '/advertiser/info/',
		},
	},
];

/** The operation's parameters, with its advertiser and audience read from each item. */
function parameters(operation: Operation, extra: IDataObject = {}): INodeParameters {
	const targets: IDataObject =
		operation.parameters.resource === 'customApiCall'
			? { customQuery: '={{ JSON.stringify({ advertiser_ids: [$json.adv] }) }}' }
			: {
					advertiserId: fromItem('adv'),
					...(operation.audience ? { audienceId: fromItem('aud') } : {}),
				};
	return { ...operation.parameters, ...targets, ...extra } as INodeParameters;
}

function withNumber(operation: Operation, path: string, value: unknown): IDataObject {
	const field = value as IDataObject[string];
	if (!path.startsWith('options.')) return { [path]: field };
	return { options: { [path.slice('options.'.length)]: field } };
}

const item = (adv: string, aud: string, email = 'jane@example.com') => ({ adv, aud, email });

describe('Hostile configurations, every operation', () => {
	let emulator: Emulator;
	useEmulator((started) => (emulator = started));

	for (const operation of OPERATIONS) {
		describe(operation.label, () => {
			it('NaN, Infinity and text in Max Attempts fail each item, naming the field, before any request', async () => {
				for (const value of ['={{ NaN }}', '={{ Infinity }}', '={{ "twice" }}']) {
					emulator.requests.length = 0;
					const run = await runTikTok(
						emulator,
						parameters(operation, { options: { maxAttempts: value } }),
						{
							items: [item(US, AUDIENCES.newsletter.id)],
						},
					);
					assert.match(
						String(run.error?.message),
						/"Max Attempts" must be a whole number from 1 to 10/,
					);
					assert.equal(apiCalls(emulator).length, 0, `requests for ${value}`);
				}
			});

			for (const [path, value, message] of operation.numbers ?? []) {
				it(`${String(value)} in ${path} fails, naming the field, before any request`, async () => {
					const run = await runTikTok(
						emulator,
						parameters(operation, withNumber(operation, path, value)),
						{
							items: [item(US, AUDIENCES.newsletter.id)],
						},
					);
					assert.match(String(run.error?.message), message);
					assert.equal(apiCalls(emulator).length, 0);
				});
			}

			if (
				operation.parameters.operation === 'getAll' ||
				operation.parameters.resource === 'customApiCall'
			)
				return;

			it('all-invalid IDs from expressions: each item fails alone and nothing is sent', async () => {
				const invalid = operation.audience
					? [item(US, 'abc'), item(US, ''), item(US, '12 34')]
					: [item('abc', ''), item('', ''), item('7e18', '')];
				const run = await runTikTok(emulator, parameters(operation), {
					items: invalid,
					continueOnFail: true,
				});
				assert.equal(run.error, undefined, run.error?.message);
				assert.equal(run.json.length, 3);
				for (const [index, json] of run.json.entries()) {
					assert.match(String(json.error), /ID ".*" is not valid/, `item ${index}`);
					assert.deepEqual(run.output[index].pairedItem, { item: index });
				}
				assert.equal(apiCalls(emulator).length, 0);
			});

			it('without Continue On Fail, one invalid ID among valid ones fails the run before any request', async () => {
				const run = await runTikTok(emulator, parameters(operation), {
					items: [
						item(US, AUDIENCES.newsletter.id),
						operation.audience ? item(US, 'x1') : item('x1', ''),
					],
				});
				assert.match(String(run.error?.message), /"x1" is not valid/);
				assert.equal(run.error?.context?.itemIndex, 1);
				assert.equal(apiCalls(emulator).length, 0);
			});
		});
	}
});

describe('Hostile configurations: targets that differ per item, or repeat', () => {
	let emulator: Emulator;
	useEmulator((started) => (emulator = started));

	it('Get reads each item its own audience, and an audience named twice once per request', async () => {
		const op = OPERATIONS.find(({ label }) => label === 'Audience → Get') as Operation;
		const run = await runTikTok(emulator, parameters(op), {
			items: [
				item(US, AUDIENCES.newsletter.id),
				item(US, AUDIENCES.recentBuyers.id),
				item(US, AUDIENCES.newsletter.id),
			],
		});
		assert.equal(run.error, undefined, run.error?.message);
		assert.deepEqual(
			run.json.map((json) => json.audience_id),
			[AUDIENCES.newsletter.id, AUDIENCES.recentBuyers.id, AUDIENCES.newsletter.id],
		);
		assert.equal(calls(emulator, '/dmp/custom_audience/get/').length, 1);
		const [request] = calls(emulator, '/dmp/custom_audience/get/');
		assert.deepEqual(
			JSON.parse(String(request.query.custom_audience_ids)).sort(),
			[AUDIENCES.newsletter.id, AUDIENCES.recentBuyers.id].sort(),
		);
	});

	it('Delete of the same audience named by two items deletes it once, and both items say so', async () => {
		const op = OPERATIONS.find(({ label }) => label === 'Audience → Delete') as Operation;
		const run = await runTikTok(emulator, parameters(op), {
			items: [item(US, AUDIENCES.recentBuyers.id), item(US, AUDIENCES.recentBuyers.id)],
		});
		assert.equal(run.error, undefined, run.error?.message);
		assert.deepEqual(
			run.json.map((json) => json.deleted),
			[true, true],
		);
		const [request] = calls(emulator, '/dmp/custom_audience/delete/');
		assert.deepEqual((request.body as IDataObject).custom_audience_ids, [
			AUDIENCES.recentBuyers.id,
		]);
	});

	it('Update of the same audience by items that disagree on Update Fields fails them together, sending nothing', async () => {
		const op = OPERATIONS.find(({ label }) => label === 'Audience → Update') as Operation;
		const run = await runTikTok(
			emulator,
			parameters(op, { updateFields: { name: '={{ $json.newName }}' } }),
			{
				items: [
					{ ...item(US, AUDIENCES.newsletter.id), newName: 'First' },
					{ ...item(US, AUDIENCES.newsletter.id, 'john@example.com'), newName: 'Second' },
				],
			},
		);
		assert.match(String(run.error?.message), /name the same target but differ in "Update Fields"/);
		assert.equal(apiCalls(emulator).length, 0);
	});

	it('Create from items whose Options differ per item fails the audience they form, sending nothing', async () => {
		const op = OPERATIONS.find(({ label }) => label === 'Audience → Create') as Operation;
		const run = await runTikTok(
			emulator,
			parameters(op, { options: { defaultCountryCode: '={{ $json.country }}' } }),
			{
				items: [
					{ ...item(US, ''), country: '44' },
					{ ...item(US, '', 'j@example.com'), country: '49' },
				],
			},
		);
		assert.match(
			String(run.error?.message),
			/Items 0 and 1 form one audience but their Options differ/,
		);
		assert.equal(calls(emulator, '/dmp/custom_audience/file/upload/').length, 0);
	});
});

describe('Hostile configurations: targets shared in, or of another kind', () => {
	let emulator: Emulator;
	useEmulator((started) => (emulator = started));

	/** An audience EU owns and shares with US. */
	async function sharedIn(): Promise<string> {
		const audience = emulator.world.addAudience({
			advertiserId: EU,
			name: 'EU shared',
			calculateType: 'EMAIL_SHA256',
			members: Array.from({ length: 1200 }, (_, index) => `${index}`.padStart(64, 'a')),
		});
		const share = await runTikTok(emulator, {
			resource: 'audience',
			operation: 'share',
			advertiserId: { __rl: true, mode: 'id', value: EU },
			audienceId: { __rl: true, mode: 'id', value: audience.audienceId },
			sharedAdvertiserIds: US,
		} as INodeParameters);
		assert.equal(share.error, undefined, share.error?.message);
		return audience.audienceId;
	}

	it('Update members of an audience shared in: refused before any upload', async () => {
		const audienceId = await sharedIn();
		const op = OPERATIONS.find(({ label }) => label === 'Audience → Update') as Operation;
		const run = await runTikTok(emulator, parameters(op), { items: [item(US, audienceId)] });
		assert.match(String(run.error?.message), /is shared with this ad account, not owned by it/);
		assert.equal(calls(emulator, '/dmp/custom_audience/file/upload/').length, 0);
		assert.equal(emulator.world.audience(audienceId)?.members.size, 1200);
	});

	it('Update members of a lookalike: refused before any upload', async () => {
		const op = OPERATIONS.find(({ label }) => label === 'Audience → Update') as Operation;
		const run = await runTikTok(emulator, parameters(op), {
			items: [item(US, AUDIENCES.newsletterLookalike.id)],
		});
		assert.match(String(run.error?.message), /not a customer-file audience/);
		assert.equal(calls(emulator, '/dmp/custom_audience/file/upload/').length, 0);
	});

	for (const label of ['Audience → Delete', 'Audience → Refresh Lookalike', 'Audience → Share']) {
		it(`${label} of an audience shared in: TikTok's refusal, clearly, and nothing changes`, async () => {
			const audienceId = await sharedIn();
			const op = OPERATIONS.find((candidate) => candidate.label === label) as Operation;
			const run = await runTikTok(
				emulator,
				parameters(op, { sharedAdvertiserIds: ADVERTISER_OUTLET }),
				{
					items: [item(US, audienceId)],
					continueOnFail: true,
				},
			);
			assert.ok(run.json[0].error, JSON.stringify(run.json[0]));
			assert.equal(typeof run.json[0].code, 'number');
			assert.ok(emulator.world.audience(audienceId), 'still there');
		});
	}
});

const ADVERTISER_OUTLET = '7301987654321098763';
