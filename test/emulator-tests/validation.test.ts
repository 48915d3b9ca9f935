import { useEmulator } from '../support/emulator';
import { assert, describe, it } from '../support/testing';
import type { Emulator } from '../emulator/server';
import { loadSpecCatalog, operationKey } from '../emulator/spec';
import {
	API,
	AUDIENCES,
	TOKENS,
	US,
	emailDigests,
	getApi,
	getRaw,
	postApi,
	uploadDigests,
	uploadFile,
} from './test-helpers';

describe('emulator: request validation against the spec files', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	it('loads the operations from the YAML files, with enums from x-open-enum', () => {
		const catalog = loadSpecCatalog();
		const create = catalog.get(operationKey('POST', '/dmp/custom_audience/create/'));
		assert.equal(create?.source, 'dmp_custom_audience_create.yml');
		const properties = create?.body?.schema.properties ?? {};
		assert.ok(properties.calculate_type.enum?.includes('EMAIL_SHA256'));
		assert.equal(properties.custom_audience_name.maxLength, 128);
		assert.equal(properties.file_paths.maxItems, 500);
		assert.equal(
			'context_info' in
				(catalog.get(operationKey('POST', '/dmp/custom_audience/share/'))?.body?.schema
					.properties ?? {}),
			false,
		);
		const get = catalog.get(operationKey('GET', '/dmp/custom_audience/get/'));
		assert.equal(
			get?.query.find((parameter) => parameter.name === 'custom_audience_ids')?.jsonEncoded,
			true,
		);
		assert.equal(
			get?.query.some((parameter) => parameter.name === 'Access-Token'),
			false,
		);
	});

	describe('JSON-encoded array query parameters', () => {
		const ids = [AUDIENCES.newsletter.id, AUDIENCES.recentBuyers.id];

		it('accepts a JSON-encoded array', async () => {
			const reply = await getRaw<{ list: unknown[] }>(
				emulator,
				`/dmp/custom_audience/get/?advertiser_id=${US}&custom_audience_ids=${encodeURIComponent(JSON.stringify(ids))}`,
			);
			assert.equal(reply.code, 0);
			assert.equal(reply.data.list.length, 2);
		});

		it('rejects the comma-separated form', async () => {
			const reply = await getRaw(
				emulator,
				`/dmp/custom_audience/get/?advertiser_id=${US}&custom_audience_ids=${ids.join(',')}`,
			);
			assert.equal(reply.code, 40002);
			assert.match(reply.message, /^custom_audience_ids: must be a JSON-encoded array/);
		});

		it('rejects the repeated form', async () => {
			const reply = await getRaw(
				emulator,
				`/dmp/custom_audience/get/?advertiser_id=${US}&custom_audience_ids=${ids[0]}&custom_audience_ids=${ids[1]}`,
			);
			assert.equal(reply.code, 40002);
			assert.match(reply.message, /^custom_audience_ids: given 2 times/);
		});

		it('rejects a bare ID and an array of numbers', async () => {
			const bare = await getRaw(
				emulator,
				`/dmp/custom_audience/get/?advertiser_id=${US}&custom_audience_ids=${ids[0]}`,
			);
			assert.equal(bare.code, 40002);
			const numbers = await getRaw(
				emulator,
				`/advertiser/info/?advertiser_ids=${encodeURIComponent('[7301987654321098761]')}`,
			);
			assert.equal(numbers.code, 40002);
			assert.equal(numbers.message, 'advertiser_ids[0]: must be a string, got number');
		});
	});

	it('required parameters', async () => {
		const query = await getApi(emulator, '/dmp/custom_audience/get/', { advertiser_id: US });
		assert.equal(query.code, 40002);
		assert.equal(query.message, 'custom_audience_ids: is required');
		const body = await postApi(emulator, '/dmp/custom_audience/delete/', { advertiser_id: US });
		assert.equal(body.message, 'custom_audience_ids: is required');
		const nested = await postApi(emulator, '/dmp/custom_audience/lookalike/create/', {
			advertiser_id: US,
			custom_audience_name: 'Lookalike',
			lookalike_spec: { source_audience_id: AUDIENCES.newsletter.id },
		});
		assert.equal(nested.message, 'lookalike_spec.include_source: is required');
	});

	it('types: string IDs must be strings, integers integers, booleans booleans', async () => {
		const numericId = await postApi(emulator, '/dmp/custom_audience/delete/', {
			advertiser_id: Number(US),
			custom_audience_ids: [AUDIENCES.newsletter.id],
		});
		assert.equal(numericId.code, 40002);
		assert.equal(numericId.message, 'advertiser_id: must be a string, got number');
		const page = await getApi(emulator, '/dmp/custom_audience/list/', {
			advertiser_id: US,
			page: 'two',
		});
		assert.equal(page.message, 'page: must be an integer, got "two"');
		const retention = await postApi(emulator, '/dmp/custom_audience/create/', {
			advertiser_id: US,
			custom_audience_name: 'x',
			file_paths: ['0123456789abcdef'],
			calculate_type: 'EMAIL_SHA256',
			retention_in_days: '30',
		});
		assert.equal(retention.message, 'retention_in_days: must be an integer, got string');
		const enhancement = await postApi(emulator, '/dmp/custom_audience/update/', {
			advertiser_id: US,
			custom_audience_id: AUDIENCES.newsletter.id,
			audience_enhancement: 'true',
		});
		assert.equal(enhancement.message, 'audience_enhancement: must be a boolean, got string');
	});

	it('enums', async () => {
		const reply = await postApi(emulator, '/dmp/custom_audience/update/', {
			advertiser_id: US,
			custom_audience_id: AUDIENCES.newsletter.id,
			file_paths: ['0123456789abcdef'],
			action: 'DELETE',
		});
		assert.equal(reply.code, 40002);
		assert.match(reply.message, /^action: must be one of REPLACE, APPEND, REMOVE; got "DELETE"/);
		const upload = await uploadFile(emulator, { content: 'x', calculateType: 'EMAIL' });
		assert.match(upload.message, /^calculate_type: must be one of /);
	});

	it('bounds: lengths, item counts, minimum and maximum', async () => {
		const longName = await postApi(emulator, '/dmp/custom_audience/update/', {
			advertiser_id: US,
			custom_audience_id: AUDIENCES.newsletter.id,
			custom_audience_name: 'n'.repeat(129),
		});
		assert.equal(
			longName.message,
			'custom_audience_name: must be at most 128 characters long, got 129',
		);
		const noFiles = await postApi(emulator, '/dmp/custom_audience/create/', {
			advertiser_id: US,
			custom_audience_name: 'x',
			file_paths: [],
			calculate_type: 'EMAIL_SHA256',
		});
		assert.equal(noFiles.message, 'file_paths: must have at least 1 item(s), got 0');
		const shortPath = await postApi(emulator, '/dmp/custom_audience/create/', {
			advertiser_id: US,
			custom_audience_name: 'x',
			file_paths: ['abc'],
			calculate_type: 'EMAIL_SHA256',
		});
		assert.equal(shortPath.message, 'file_paths[0]: must be at least 16 characters long, got 3');
		const pageSize = await getApi(emulator, '/dmp/custom_audience/list/', {
			advertiser_id: US,
			page_size: 101,
		});
		assert.equal(pageSize.message, 'page_size: must be at most 100, got 101');
		const page = await getApi(emulator, '/dmp/custom_audience/list/', {
			advertiser_id: US,
			page: 0,
		});
		assert.equal(page.message, 'page: must be at least 1, got 0');
		const tooManyShares = await postApi(emulator, '/dmp/custom_audience/share/', {
			advertiser_id: US,
			custom_audience_ids: Array.from({ length: 11 }, () => AUDIENCES.newsletter.id),
			shared_advertiser_ids: [US],
		});
		assert.equal(tooManyShares.message, 'custom_audience_ids: must have at most 10 items, got 11');
	});

	it('share cancel takes one audience and one advertiser: lists are refused', async () => {
		const reply = await postApi(emulator, '/dmp/custom_audience/share/cancel/', {
			advertiser_id: US,
			custom_audience_id: AUDIENCES.newsletter.id,
			shared_advertiser_id: [US, US],
		});
		assert.equal(reply.code, 40002);
		assert.equal(reply.message, 'shared_advertiser_id: must be a string, got array');
	});

	it('more than 100 advertiser IDs: 40002 with a clear message', async () => {
		const ids = Array.from({ length: 101 }, (_, index) =>
			String(7301987654321000000n + BigInt(index)),
		);
		const reply = await getApi(emulator, '/advertiser/info/', { advertiser_ids: ids });
		assert.equal(reply.code, 40002);
		assert.equal(reply.message, 'advertiser_ids: must have at most 100 items, got 101');
	});

	it('unknown body fields, including misspellings, and unknown query parameters', async () => {
		const path = await uploadDigests(emulator, emailDigests(10));
		const misspelt = await postApi(emulator, '/dmp/custom_audience/create/', {
			advertiser_id: US,
			custom_audience_name: 'x',
			file_paths: [path],
			caculate_type: 'EMAIL_SHA256',
		});
		assert.equal(misspelt.code, 40002);
		assert.equal(misspelt.message, 'caculate_type: unknown parameter');
		const nested = await postApi(emulator, '/dmp/custom_audience/lookalike/create/', {
			advertiser_id: US,
			custom_audience_name: 'Lookalike',
			lookalike_spec: {
				source_audience_id: AUDIENCES.newsletter.id,
				include_source: true,
				mobile_os: 'ALL',
				placements: ['TikTok'],
				location_ids: ['6252001'],
				audience_size: 'BROAD',
				country: 'US',
			},
		});
		assert.equal(nested.message, 'lookalike_spec.country: unknown parameter');
		const gateway = await postApi(emulator, '/dmp/custom_audience/share/', {
			advertiser_id: US,
			custom_audience_ids: [AUDIENCES.newsletter.id],
			shared_advertiser_ids: [US],
			context_info: { app_id: 1 },
		});
		assert.equal(gateway.message, 'context_info: unknown parameter');
		const query = await getApi(emulator, '/dmp/custom_audience/list/', {
			advertiser_id: US,
			custom_audience_id: AUDIENCES.newsletter.id,
		});
		assert.equal(query.message, 'custom_audience_id: unknown parameter');
		const uploadName = await uploadFile(emulator, {
			content: `${emailDigests(1)[0]}\n`,
			fields: { file_name: 'audience.csv' },
		});
		assert.equal(uploadName.message, 'file_name: unknown parameter');
		const uploadMisspelt = await uploadFile(emulator, {
			content: `${emailDigests(1)[0]}\n`,
			fields: { caculate_type: 'EMAIL_SHA256' },
			omit: ['calculate_type'],
		});
		assert.equal(uploadMisspelt.message, 'caculate_type: unknown parameter');
	});

	it('POST bodies must be application/json (upload: multipart)', async () => {
		const form = await fetch(`${emulator.url}${API}/dmp/custom_audience/delete/`, {
			method: 'POST',
			headers: {
				'Access-Token': TOKENS.production,
				'Content-Type': 'application/x-www-form-urlencoded',
			},
			body: new URLSearchParams({ advertiser_id: US }).toString(),
		});
		const formReply = (await form.json()) as { code: number; message: string };
		assert.equal(formReply.code, 40002);
		assert.equal(
			formReply.message,
			'Content-Type: must be application/json, got application/x-www-form-urlencoded',
		);
		const jsonUpload = await postApi(emulator, '/dmp/custom_audience/file/upload/', {
			advertiser_id: US,
		});
		assert.match(jsonUpload.message, /^Content-Type: must be multipart\/form-data/);
		const broken = await fetch(`${emulator.url}${API}/dmp/custom_audience/delete/`, {
			method: 'POST',
			headers: { 'Access-Token': TOKENS.production, 'Content-Type': 'application/json' },
			body: '{"advertiser_id":',
		});
		assert.equal(
			((await broken.json()) as { message: string }).message,
			'request body: is not valid JSON',
		);
	});

	it('a path without its trailing slash is an HTTP 404, a wrong method a 405', async () => {
		const noSlash = await fetch(
			`${emulator.url}${API}/dmp/custom_audience/list?advertiser_id=${US}`,
			{
				headers: { 'Access-Token': TOKENS.production },
			},
		);
		assert.equal(noSlash.status, 404);
		const unknown = await fetch(`${emulator.url}${API}/dmp/custom_audience/nothing/`);
		assert.equal(unknown.status, 404);
		const wrongMethod = await fetch(`${emulator.url}${API}/dmp/custom_audience/list/`, {
			method: 'POST',
		});
		assert.equal(wrongMethod.status, 405);
	});
});
