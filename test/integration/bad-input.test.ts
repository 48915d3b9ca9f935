import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { DEFAULT_WORLD, type Emulator } from '../emulator';
import { useEmulator } from '../support/emulator';
import { assert, describe, it } from '../support/testing';
import {
	ADVERTISERS,
	AUDIENCES,
	byId,
	idFromItem,
	FAST_RETRY,
	productionCredential,
	runTikTok,
	sandboxCredential,
	tokenData,
	type TikTokRun,
} from '../support/tiktok';

const US = ADVERTISERS.acmeShoesUs.id;

function binaryItem(
	content: Buffer | string,
	fileName: string,
	field = 'data',
): INodeExecutionData {
	return {
		json: {},
		binary: {
			[field]: {
				data: Buffer.from(content).toString('base64'),
				mimeType: 'text/csv',
				fileName,
			},
		},
	};
}

const createFromFile = {
	resource: 'audience',
	operation: 'create',
	advertiserId: byId(US),
	audienceName: 'From file',
	source: 'file',
	inputDataFieldName: 'data',
	fileIdentifierType: 'email',
};

/** The run stopped with an n8n node error for this item, with advice. */
function assertNodeError(run: TikTokRun, itemIndex: number, message: RegExp, advice: RegExp) {
	assert.ok(run.error, 'the run failed');
	assert.ok(
		run.error.name === 'NodeApiError' || run.error.name === 'NodeOperationError',
		`a node error, not ${run.error.name}`,
	);
	assert.match(run.error.message, message);
	assert.match(String(run.error.description), advice);
	assert.equal(run.error.context?.itemIndex, itemIndex);
}

describe('bad input: clear errors with the item and a fix', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	describe('customer files', () => {
		it('a missing file', async () => {
			const run = await runTikTok(emulator, createFromFile, { items: [{ json: {} }] });
			assertNodeError(run, 0, /no file in "data"/, /carries no file/);
		});

		it('a file under another field name', async () => {
			const run = await runTikTok(emulator, createFromFile, {
				items: [binaryItem('a@x.example', 'contacts.csv', 'attachment')],
			});
			assertNodeError(
				run,
				0,
				/no file in "data"/,
				/files in: attachment\. Set "Input Data Field Name"/,
			);
		});

		it('a spreadsheet instead of a CSV file', async () => {
			const run = await runTikTok(emulator, createFromFile, {
				items: [binaryItem('PK\u0003\u0004 rest of a zip', 'contacts.xlsx')],
			});
			assertNodeError(
				run,
				0,
				/"contacts\.xlsx" is not a CSV or TXT file/,
				/Export the list as CSV/,
			);
		});

		it('binary content in a file named .csv', async () => {
			const run = await runTikTok(emulator, createFromFile, {
				items: [binaryItem('%PDF-1.7 \u0000\u0001', 'contacts.csv')],
			});
			assertNodeError(run, 0, /is not a text file/, /converted to CSV/);
		});

		it('an empty file', async () => {
			const run = await runTikTok(emulator, createFromFile, {
				items: [binaryItem('', 'empty.csv')],
			});
			assertNodeError(run, 0, /is empty/, /no rows/);
			assert.equal(emulator.requests.length, 0);
		});

		it('a multi-type file without a header row', async () => {
			const run = await runTikTok(
				emulator,
				{ ...createFromFile, fileIdentifierType: 'multiple' },
				{ items: [binaryItem('a@x.example,+14155550100', 'contacts.csv')] },
			);
			assertNodeError(run, 0, /could not be read/, /first row must name each column/);
		});

		it('oversized rows are dropped and counted, the rest uploaded', async () => {
			const huge = `${'x'.repeat(600)}@example.com`;
			const run = await runTikTok(emulator, createFromFile, {
				items: [binaryItem(`ok@example.com\n${huge}\nfine@example.com\n`, 'contacts.csv')],
			});
			assert.equal(run.error, undefined);
			assert.equal(run.json[0].rowsUploaded, 2);
			assert.deepEqual(run.json[0].droppedByReason, { tooLong: 1 });
		});
	});

	describe('identifiers in items', () => {
		it('non-text values and fractions are dropped as notText; whole-number phones are accepted', async () => {
			const run = await runTikTok(
				emulator,
				{
					resource: 'audience',
					operation: 'create',
					advertiserId: byId(US),
					audienceName: 'Mixed values',
					source: 'items',
					identifierFields: { phoneField: 'phone' },
				},
				{
					items: [
						{ phone: 14155550100 },
						{ phone: true },
						{ phone: ['+14155550101'] },
						{ phone: 4.5 },
						{ phone: '+1 415 555 0102' },
					],
				},
			);
			assert.equal(run.error, undefined);
			assert.equal(run.json[0].rowsUploaded, 2);
			assert.deepEqual(run.json[0].droppedByReason, { notText: 3 });
		});

		it('an invalid default country code', async () => {
			const run = await runTikTok(
				emulator,
				{
					resource: 'audience',
					operation: 'create',
					advertiserId: byId(US),
					audienceName: 'Bad country',
					source: 'items',
					identifierFields: { phoneField: 'phone' },
					options: { defaultCountryCode: 'UK' },
				},
				{ items: [{ phone: '020 7946 0958' }] },
			);
			assertNodeError(run, 0, /country/i, /Default Country Code/);
		});

		it('an audience name over 128 characters', async () => {
			const run = await runTikTok(
				emulator,
				{
					resource: 'audience',
					operation: 'create',
					advertiserId: byId(US),
					audienceName: 'n'.repeat(129),
					source: 'items',
					identifierFields: { emailField: 'email' },
				},
				{ items: [{ email: 'a@x.example' }] },
			);
			assertNodeError(run, 0, /longer than 128/, /1 to 128/);
			assert.equal(emulator.requests.length, 0);
		});
	});

	describe('accounts, audiences and tokens', () => {
		it('an advertiser the credential cannot reach', async () => {
			const run = await runTikTok(emulator, {
				resource: 'audience',
				operation: 'getAll',
				advertiserId: byId(ADVERTISERS.otherAgencyClient.id),
				returnAll: true,
			});
			assertNodeError(run, 0, /code 40001/, /scope|authorize/);
			assert.match(run.error!.message, new RegExp(ADVERTISERS.otherAgencyClient.id));
		});

		it('an audience owned by another advertiser', async () => {
			const run = await runTikTok(emulator, {
				resource: 'audience',
				operation: 'get',
				advertiserId: byId(US),
				audienceId: byId(AUDIENCES.otherAgencyRetargeting.id),
			});
			assertNodeError(run, 0, /code 4000[17]/, /belongs to the selected advertiser|permission/);
			assert.match(run.error!.message, new RegExp(AUDIENCES.otherAgencyRetargeting.id));
		});

		it('an operation the sandbox does not offer', async () => {
			emulator.faults.add({
				path: '/open_api/v1.3/dmp/custom_audience/list/',
				environment: 'sandbox',
				kind: 'code',
				code: 40014,
			});
			const run = await runTikTok(
				emulator,
				{
					resource: 'audience',
					operation: 'getAll',
					advertiserId: byId(ADVERTISERS.sandbox.id),
					returnAll: true,
				},
				{ credential: 'sandbox' },
			);
			assertNodeError(
				run,
				0,
				/sandbox does not support \/dmp\/custom_audience\/list\//,
				/Use the production \(OAuth2\) credential/,
			);
		});

		it('a revoked production token', async () => {
			const run = await runTikTok(
				emulator,
				{ resource: 'advertiser', operation: 'getAll', returnAll: true },
				{
					credentials: [
						productionCredential(emulator, tokenData('flat', DEFAULT_WORLD.tokens.revoked)),
					],
				},
			);
			assertNodeError(run, 0, /code 40102/, /Reconnect/);
		});

		it('an invalid sandbox token', async () => {
			const run = await runTikTok(
				emulator,
				{ resource: 'advertiser', operation: 'getAll', returnAll: true },
				{
					credential: 'sandbox',
					credentials: [sandboxCredential(emulator, { accessToken: 'not-a-real-token' })],
				},
			);
			assertNodeError(run, 0, /code 40105/, /new sandbox access token/);
		});

		it('a token without the audience scope', async () => {
			const run = await runTikTok(
				emulator,
				{
					resource: 'audience',
					operation: 'getAll',
					advertiserId: byId(US),
					returnAll: true,
				},
				{
					credentials: [
						productionCredential(emulator, tokenData('wrapped', DEFAULT_WORLD.tokens.readOnly)),
					],
				},
			);
			assertNodeError(run, 0, /code 40001/, /Audience Management/);
		});

		it('Continue On Fail keeps the other items going', async () => {
			const run = await runTikTok(
				emulator,
				{
					resource: 'audience',
					operation: 'get',
					advertiserId: byId(US),
					audienceId: idFromItem(),
					options: FAST_RETRY,
				},
				{
					items: [
						{ id: AUDIENCES.newsletter.id },
						{ id: AUDIENCES.otherAgencyRetargeting.id },
						{ id: 'abc' },
						{ id: AUDIENCES.recentBuyers.id },
					],
					continueOnFail: true,
				},
			);
			assert.equal(run.error, undefined);
			const [first, foreign, malformed, last] = run.json as IDataObject[];
			assert.equal(first.name, AUDIENCES.newsletter.name);
			assert.match(String(foreign.error), /code 4000[17]/);
			assert.ok(foreign.requestId, 'the request ID helps TikTok support');
			assert.match(String(malformed.error), /"abc" is not valid/);
			assert.equal(last.name, AUDIENCES.recentBuyers.name);
			assert.deepEqual(
				run.output.map((item) => item.pairedItem),
				[0, 1, 2, 3].map((item) => ({ item })),
			);
		});
	});
});
