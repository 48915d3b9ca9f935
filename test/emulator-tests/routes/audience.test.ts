import { useEmulator } from '../support/emulator';
import { assert, describe, it } from '../support/testing';
import { DEFAULT_WORLD } from './seed';
import type { Emulator } from './server';
import { startEmulator } from './server';
import {
	AD_GROUPS,
	AUDIENCES,
	EU,
	OTHER,
	OUTLET,
	TOKENS,
	US,
	createAudienceFrom,
	emailDigests,
	getApi,
	postApi,
	uploadDigests,
	uploadFile,
} from './test-helpers';
import { md5Hex } from './world';

const [first, second, third] = emailDigests(3);

type AudienceItem = Record<string, unknown> & { audience_id: string; name: string };
type ListData = {
	list: AudienceItem[];
	page_info: { page: number; page_size: number; total_number: number; total_page: number };
};

describe('emulator: customer file upload', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	it('stores a single-type file and returns a 16-character file_path', async () => {
		const content = `${first}\n${second}\n${first}\n`;
		const reply = await uploadFile(emulator, { content, fields: { name: 'June list' } });
		assert.equal(reply.code, 0, reply.message);
		const filePath = reply.data.file_path;
		assert.match(filePath, /^[0-9a-f]{16}$/);
		const stored = emulator.world.file(filePath);
		assert.ok(stored);
		assert.equal(stored.advertiserId, US);
		assert.equal(stored.calculateType, 'EMAIL_SHA256');
		assert.equal(stored.name, 'June list');
		assert.equal(stored.rows, 3);
		assert.deepEqual([...stored.digests].sort(), [first, second].sort());
		assert.equal(stored.md5, md5Hex(content));
		assert.equal(emulator.world.counters.filesUploaded, 1);
		const recorded = emulator.requests.at(-1)?.body as Record<string, unknown>;
		assert.deepEqual(recorded.file, {
			name: 'audience.csv',
			size: content.length,
			md5: md5Hex(content),
		});
	});

	it('the file name must end in exactly .csv or .txt: 40908', async () => {
		for (const fileName of ['audience.xlsx', 'audience.CSV', 'audience.csv.gz', 'audience']) {
			const reply = await uploadFile(emulator, { content: `${first}\n`, fileName });
			assert.equal(reply.code, 40908, fileName);
		}
		const txt = await uploadFile(emulator, { content: `${first}\n`, fileName: 'audience.txt' });
		assert.equal(txt.code, 0);
	});

	it('an empty file, or one with only a header: 40906', async () => {
		const empty = await uploadFile(emulator, { content: '' });
		assert.equal(empty.code, 40906);
		const headerOnly = await uploadFile(emulator, { content: 'EMAIL_SHA256\n' });
		assert.equal(headerOnly.code, 40906);
	});

	it('a file_signature that is not the MD5 of the bytes: 40900', async () => {
		const reply = await uploadFile(emulator, {
			content: `${first}\n`,
			signature: md5Hex('something else'),
		});
		assert.equal(reply.code, 40900);
		const upperCase = await uploadFile(emulator, {
			content: `${first}\n`,
			signature: md5Hex(`${first}\n`).toUpperCase(),
		});
		assert.equal(upperCase.code, 0);
	});

	it('a missing file part or a file sent as a text field: 40002', async () => {
		const missing = await uploadFile(emulator, { content: 'x', omit: ['file'] });
		assert.equal(missing.message, 'file: is required');
		const asText = await uploadFile(emulator, {
			content: 'x',
			omit: ['file'],
			fields: { file: first },
		});
		assert.match(asText.message, /^file: must be a file part/);
	});

	it('rejects raw values, upper-case hex and wrong lengths, naming the first bad line', async () => {
		const cases: Array<[string, RegExp]> = [
			[
				`${first}\nalice@example.com\n`,
				/^file: line 2: "alice@example.com" is not a lower-case hex SHA-256/,
			],
			[`${first}\n${second.toUpperCase()}\n`, /^file: line 2: /],
			[`${first}\n${second}\n${md5Hex('x')}\n`, /^file: line 3: /],
			[`alice@example.com\n${first}\n`, /^file: line 1: "alice@example.com" is neither/],
		];
		for (const [content, expected] of cases) {
			const reply = await uploadFile(emulator, { content });
			assert.equal(reply.code, 40002, content);
			assert.match(reply.message, expected);
		}
		assert.equal(emulator.world.files.length, 0);
	});

	it('MD5 types take 32-character digests', async () => {
		const maid = md5Hex('38400000-8cf0-11bd-b23e-10b96e40000d');
		const ok = await uploadFile(emulator, { content: `${maid}\n`, calculateType: 'MAID_MD5' });
		assert.equal(ok.code, 0);
		const wrong = await uploadFile(emulator, { content: `${first}\n`, calculateType: 'GAID_MD5' });
		assert.equal(wrong.code, 40002);
		assert.match(wrong.message, /MD5 digest \(32 characters\)/);
	});

	it('an optional header row, case-insensitive, with CRLF line ends', async () => {
		const reply = await uploadFile(emulator, {
			content: `email_sha256\r\n${first}\r\n${second}\r\n`,
		});
		assert.equal(reply.code, 0, reply.message);
		const stored = emulator.world.file(reply.data.file_path);
		assert.equal(stored?.hasHeader, true);
		assert.equal(stored?.rows, 2);
		const mismatch = await uploadFile(emulator, { content: `PHONE_SHA256\n${first}\n` });
		assert.equal(mismatch.code, 40002);
		assert.match(
			mismatch.message,
			/header PHONE_SHA256 does not match calculate_type EMAIL_SHA256/,
		);
	});

	it('MULTIPLE_TYPES: a header naming each column (up to 3 of a type), empty cells allowed', async () => {
		const phone = emailDigests(1, 'phone')[0];
		const maid = md5Hex('device-1');
		const content = [
			'EMAIL_SHA256,EMAIL_SHA256,PHONE_SHA256,MAID_MD5',
			`${first},${second},${phone},${maid}`,
			`${third},,,`,
			`,,${phone},`,
		].join('\n');
		const reply = await uploadFile(emulator, { content, calculateType: 'MULTIPLE_TYPES' });
		assert.equal(reply.code, 0, reply.message);
		const stored = emulator.world.file(reply.data.file_path);
		assert.equal(stored?.rows, 3);
		assert.deepEqual(stored?.columns, ['EMAIL_SHA256', 'EMAIL_SHA256', 'PHONE_SHA256', 'MAID_MD5']);
		assert.equal(stored?.digests.size, 5);

		const fourTimes = await uploadFile(emulator, {
			content: `EMAIL_SHA256,EMAIL_SHA256,EMAIL_SHA256,EMAIL_SHA256\n${first},,,\n`,
			calculateType: 'MULTIPLE_TYPES',
		});
		assert.equal(fourTimes.code, 40002);
		assert.match(fourTimes.message, /appears 4 times/);
		const noHeader = await uploadFile(emulator, {
			content: `${first},${second}\n`,
			calculateType: 'MULTIPLE_TYPES',
		});
		assert.match(noHeader.message, /must start with a header row/);
		const wrongCell = await uploadFile(emulator, {
			content: `EMAIL_SHA256,MAID_MD5\n${first},${first}\n`,
			calculateType: 'MULTIPLE_TYPES',
		});
		assert.match(wrongCell.message, /^file: line 2: column 2 \(MAID_MD5\)/);
		const tooManyCells = await uploadFile(emulator, {
			content: `EMAIL_SHA256\n${first},${second}\n`,
			calculateType: 'MULTIPLE_TYPES',
		});
		assert.match(tooManyCells.message, /^file: line 2: has 2 cells/);
	});

	it('parses a 100,000-row file', async () => {
		// Distinct lower-case hex strings of SHA-256 length; cheaper to make than real digests.
		const digests = Array.from({ length: 100_000 }, (_, index) =>
			index.toString(16).padStart(64, '0'),
		);
		const content = `EMAIL_SHA256\n${digests.join('\n')}\n`;
		const reply = await uploadFile(emulator, { content });
		assert.equal(reply.code, 0, reply.message);
		assert.equal(emulator.world.file(reply.data.file_path)?.digests.size, 100_000);
	});

	it('a file can only be used by the advertiser that uploaded it', async () => {
		const reply = await uploadFile(emulator, { content: `${first}\n`, advertiserId: EU });
		const create = await postApi(emulator, '/dmp/custom_audience/create/', {
			advertiser_id: US,
			custom_audience_name: 'Borrowed file',
			file_paths: [reply.data.file_path],
			calculate_type: 'EMAIL_SHA256',
		});
		assert.equal(create.code, 40002);
		assert.match(
			create.message,
			/^file_paths\[0\]: file [0-9a-f]{16} does not exist or was not uploaded by advertiser/,
		);
	});
});

describe('emulator: custom audiences', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	function members(audienceId: string): Set<string> {
		const audience = emulator.world.audience(audienceId);
		assert.ok(audience, `audience ${audienceId} exists`);
		return audience.members;
	}

	async function update(body: Record<string, unknown>) {
		return await postApi(emulator, '/dmp/custom_audience/update/', { advertiser_id: US, ...body });
	}

	describe('create', () => {
		it('members are the distinct digests of all files', async () => {
			const firstFile = await uploadDigests(emulator, emailDigests(800, 'a'));
			const secondFile = await uploadDigests(emulator, [
				...emailDigests(400, 'a', 600),
				...emailDigests(300, 'b'),
			]);
			const reply = await postApi<{ custom_audience_id: string }>(
				emulator,
				'/dmp/custom_audience/create/',
				{
					advertiser_id: US,
					custom_audience_name: 'CRM export',
					file_paths: [firstFile, secondFile],
					calculate_type: 'EMAIL_SHA256',
					retention_in_days: 90,
				},
			);
			assert.equal(reply.code, 0, reply.message);
			const id = reply.data.custom_audience_id;
			assert.match(id, /^\d{19}$/);
			assert.equal(members(id).size, 800 + 200 + 300);
			const stored = emulator.world.audience(id);
			assert.equal(stored?.retentionInDays, 90);
			assert.deepEqual(stored?.filePaths, [firstFile, secondFile]);
			assert.equal(stored?.history[0].action, 'CREATE');
			assert.equal(stored?.history[0].editor, 'open_api');
			assert.equal(emulator.world.counters.audiencesCreated, 1);
		});

		it('files must exist and have the same calculate_type', async () => {
			const phoneFile = await uploadDigests(emulator, emailDigests(5), {
				calculateType: 'PHONE_SHA256',
			});
			const mismatch = await postApi(emulator, '/dmp/custom_audience/create/', {
				advertiser_id: US,
				custom_audience_name: 'x',
				file_paths: [phoneFile],
				calculate_type: 'EMAIL_SHA256',
			});
			assert.equal(mismatch.code, 40002);
			assert.match(mismatch.message, /uploaded with calculate_type PHONE_SHA256, not EMAIL_SHA256/);
			const unknown = await postApi(emulator, '/dmp/custom_audience/create/', {
				advertiser_id: US,
				custom_audience_name: 'x',
				file_paths: ['0123456789abcdef'],
				calculate_type: 'EMAIL_SHA256',
			});
			assert.equal(unknown.code, 40002);
			assert.equal(emulator.world.counters.audiencesCreated, 0);
		});

		it('MAID_* files fit FIRST_* audiences (same encryption type)', async () => {
			const maidFile = await uploadDigests(emulator, emailDigests(3), {
				calculateType: 'MAID_SHA256',
			});
			const reply = await postApi(emulator, '/dmp/custom_audience/create/', {
				advertiser_id: US,
				custom_audience_name: 'Devices',
				file_paths: [maidFile],
				calculate_type: 'FIRST_SHA256',
			});
			assert.equal(reply.code, 0, reply.message);
		});
	});

	describe('update', () => {
		const newsletter = AUDIENCES.newsletter.id;

		it('APPEND adds only new digests', async () => {
			const existing = [...members(newsletter)].slice(0, 100);
			const file = await uploadDigests(emulator, [...existing, ...emailDigests(50, 'new')]);
			const reply = await update({
				custom_audience_id: newsletter,
				file_paths: [file],
				action: 'APPEND',
			});
			assert.equal(reply.code, 0, reply.message);
			assert.equal(members(newsletter).size, 1550);
		});

		it('REMOVE removes matching digests only', async () => {
			const existing = [...members(newsletter)].slice(0, 200);
			const file = await uploadDigests(emulator, [...existing, ...emailDigests(50, 'stranger')]);
			const reply = await update({
				custom_audience_id: newsletter,
				file_paths: [file],
				action: 'REMOVE',
			});
			assert.equal(reply.code, 0, reply.message);
			assert.equal(members(newsletter).size, 1300);
			assert.equal(members(newsletter).has(existing[0]), false);
		});

		it('REPLACE is the default and swaps the whole member set', async () => {
			const replacement = emailDigests(1200, 'replacement');
			const file = await uploadDigests(emulator, replacement);
			const reply = await update({ custom_audience_id: newsletter, file_paths: [file] });
			assert.equal(reply.code, 0, reply.message);
			assert.deepEqual([...members(newsletter)].sort(), [...replacement].sort());
			const history = emulator.world.audience(newsletter)?.history ?? [];
			assert.equal(history.at(-1)?.action, 'REPLACE');
		});

		it('fails with 40002 and changes nothing when the result would be under the minimum', async () => {
			const existing = [...members(newsletter)].slice(0, 600);
			const file = await uploadDigests(emulator, existing);
			const reply = await update({
				custom_audience_id: newsletter,
				file_paths: [file],
				action: 'REMOVE',
			});
			assert.equal(reply.code, 40002);
			assert.match(reply.message, /would have 900 IDs, below the minimum of 1000/);
			assert.equal(members(newsletter).size, 1500);
		});

		it('minimumAudienceSize is configurable', async () => {
			const small = await startEmulator({ minimumAudienceSize: 10 });
			try {
				const file = await uploadDigests(small, emailDigests(20));
				const reply = await postApi(small, '/dmp/custom_audience/update/', {
					advertiser_id: US,
					custom_audience_id: newsletter,
					file_paths: [file],
				});
				assert.equal(reply.code, 0, reply.message);
			} finally {
				await small.close();
			}
		});

		it('renames, records history, and needs a name or files', async () => {
			const renamed = await update({
				custom_audience_id: newsletter,
				custom_audience_name: 'Subscribers',
			});
			assert.equal(renamed.code, 0);
			assert.equal(emulator.world.audience(newsletter)?.name, 'Subscribers');
			assert.equal(emulator.world.audience(newsletter)?.history.at(-1)?.action, 'RENAME');
			const nothing = await update({ custom_audience_id: newsletter });
			assert.equal(nothing.code, 40002);
		});

		it('files must match the audience calculate_type; lookalikes take no files', async () => {
			const phoneFile = await uploadDigests(emulator, emailDigests(5), {
				calculateType: 'PHONE_SHA256',
			});
			const mismatch = await update({ custom_audience_id: newsletter, file_paths: [phoneFile] });
			assert.equal(mismatch.code, 40002);
			const emailFile = await uploadDigests(emulator, emailDigests(5));
			const lookalike = await update({
				custom_audience_id: AUDIENCES.newsletterLookalike.id,
				file_paths: [emailFile],
				action: 'APPEND',
			});
			assert.equal(lookalike.code, 40002);
			assert.match(lookalike.message, /lookalike/);
		});

		it("another advertiser's audience: 40001 when shared, 40007 when not visible", async () => {
			const otherOwned = await postApi(emulator, '/dmp/custom_audience/update/', {
				advertiser_id: OTHER,
				custom_audience_id: AUDIENCES.otherAgencyRetargeting.id,
				custom_audience_name: 'Renamed',
			});
			assert.equal(otherOwned.code, 40001);
			const foreign = await update({
				custom_audience_id: AUDIENCES.otherAgencyRetargeting.id,
				custom_audience_name: 'Mine now',
			});
			assert.equal(foreign.code, 40007);
			assert.ok(foreign.message.includes(AUDIENCES.otherAgencyRetargeting.id));

			await postApi(emulator, '/dmp/custom_audience/share/', {
				advertiser_id: US,
				custom_audience_ids: [newsletter],
				shared_advertiser_ids: [EU],
			});
			const sharedEdit = await postApi(emulator, '/dmp/custom_audience/update/', {
				advertiser_id: EU,
				custom_audience_id: newsletter,
				custom_audience_name: 'Not yours',
			});
			assert.equal(sharedEdit.code, 40001);
		});
	});

	describe('delete', () => {
		it('deletes owned audiences, all or nothing', async () => {
			const own = await createAudienceFrom(emulator, emailDigests(10));
			const mixed = await postApi(emulator, '/dmp/custom_audience/delete/', {
				advertiser_id: US,
				custom_audience_ids: [own, AUDIENCES.otherAgencyRetargeting.id],
			});
			assert.equal(mixed.code, 40007);
			assert.ok(mixed.message.includes(AUDIENCES.otherAgencyRetargeting.id));
			assert.ok(emulator.world.audience(own));
			const reply = await postApi(emulator, '/dmp/custom_audience/delete/', {
				advertiser_id: US,
				custom_audience_ids: [own],
			});
			assert.equal(reply.code, 0);
			assert.equal(emulator.world.audience(own), undefined);
			assert.equal(emulator.world.counters.audiencesDeleted, 1);
			const list = await getApi<ListData>(emulator, '/dmp/custom_audience/list/', {
				advertiser_id: US,
				page_size: 100,
			});
			assert.equal(
				list.data.list.some((item) => item.audience_id === own),
				false,
			);
		});
	});

	describe('list and get', () => {
		it('pages newest first with page_info', async () => {
			emulator.world.addAudiences(US, 25);
			const first = await getApi<ListData>(emulator, '/dmp/custom_audience/list/', {
				advertiser_id: US,
			});
			assert.equal(first.code, 0);
			assert.deepEqual(first.data.page_info, {
				page: 1,
				page_size: 10,
				total_number: 28,
				total_page: 3,
			});
			assert.equal(first.data.list[0].name, 'Bulk audience 0025');
			const last = await getApi<ListData>(emulator, '/dmp/custom_audience/list/', {
				advertiser_id: US,
				page: 3,
			});
			assert.equal(last.data.list.length, 8);
			assert.equal(last.data.list.at(-1)?.audience_id, AUDIENCES.newsletter.id);
			const beyond = await getApi<ListData>(emulator, '/dmp/custom_audience/list/', {
				advertiser_id: US,
				page: 4,
			});
			assert.deepEqual(beyond.data.list, []);
		});

		it('pages through 5,000 audiences at 100 per page', async () => {
			emulator.world.addAudiences(OUTLET, 5000);
			const seen = new Set<string>();
			let page = 1;
			let totalPages = 1;
			do {
				const reply = await getApi<ListData>(emulator, '/dmp/custom_audience/list/', {
					advertiser_id: OUTLET,
					page,
					page_size: 100,
				});
				for (const item of reply.data.list) seen.add(item.audience_id);
				totalPages = reply.data.page_info.total_page;
				page++;
			} while (page <= totalPages);
			assert.equal(totalPages, 50);
			assert.equal(seen.size, 5000);
		});

		it('list items carry the documented fields; cover_num is the member count', async () => {
			const list = await getApi<ListData>(emulator, '/dmp/custom_audience/list/', {
				advertiser_id: US,
				custom_audience_ids: [AUDIENCES.newsletter.id],
			});
			assert.equal(list.data.list.length, 1);
			const item = list.data.list[0];
			assert.equal(item.audience_type, 'Customer File Audience');
			assert.equal(item.calculate_type, 'EMAIL_SHA256');
			assert.equal(item.cover_num, 1500);
			assert.equal(item.is_creator, true);
			assert.equal(item.shared, false);
			assert.equal(item.owner_id, US);
			assert.equal(item.is_valid, true);
			assert.equal(item.is_expiring, false);
			assert.match(String(item.create_time), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
			assert.match(String(item.expired_time), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
			const small = await createAudienceFrom(emulator, emailDigests(10));
			const smallItem = await getApi<ListData>(emulator, '/dmp/custom_audience/list/', {
				advertiser_id: US,
				custom_audience_ids: [small],
			});
			assert.equal(smallItem.data.list[0].is_valid, false);
		});

		it('get returns details and history, newest first, limited by history_size', async () => {
			const id = AUDIENCES.newsletter.id;
			await update({ custom_audience_id: id, custom_audience_name: 'One' });
			await update({ custom_audience_id: id, custom_audience_name: 'Two' });
			const reply = await getApi<{
				list: Array<{
					audience_details: Record<string, unknown>;
					audience_history: Array<Record<string, string>>;
				}>;
			}>(emulator, '/dmp/custom_audience/get/', {
				advertiser_id: US,
				custom_audience_ids: [id],
				history_size: 2,
			});
			assert.equal(reply.code, 0);
			const [entry] = reply.data.list;
			assert.equal(entry.audience_details.audience_id, id);
			assert.equal(entry.audience_details.name, 'Two');
			assert.equal(entry.audience_details.audience_enhancement, false);
			assert.equal(typeof entry.audience_details.enhancement_status, 'string');
			assert.equal(entry.audience_history.length, 2);
			assert.match(entry.audience_history[0].action_detail, /to "Two"/);
			assert.equal(entry.audience_history[0].editor, 'open_api');
			const foreign = await getApi(emulator, '/dmp/custom_audience/get/', {
				advertiser_id: US,
				custom_audience_ids: [id, AUDIENCES.otherAgencyRetargeting.id],
			});
			assert.equal(foreign.code, 40007);
			assert.ok(foreign.message.includes(AUDIENCES.otherAgencyRetargeting.id));
		});
	});

	describe('share', () => {
		it('shares within the Business Center; the recipient sees it; cancel and log', async () => {
			const id = AUDIENCES.newsletter.id;
			const share = await postApi(emulator, '/dmp/custom_audience/share/', {
				advertiser_id: US,
				custom_audience_ids: [id],
				shared_advertiser_ids: [EU, OUTLET],
			});
			assert.equal(share.code, 0, share.message);
			const recipientList = await getApi<ListData>(emulator, '/dmp/custom_audience/list/', {
				advertiser_id: EU,
			});
			const seen = recipientList.data.list.find((item) => item.audience_id === id);
			assert.equal(seen?.shared, true);
			assert.equal(seen?.is_creator, false);
			assert.equal(seen?.owner_id, US);

			const cancel = await postApi(emulator, '/dmp/custom_audience/share/cancel/', {
				advertiser_id: US,
				custom_audience_id: id,
				shared_advertiser_id: EU,
			});
			assert.equal(cancel.code, 0);
			const log = await getApi<{ list: Array<Record<string, string>> }>(
				emulator,
				'/dmp/custom_audience/share/log/',
				{ advertiser_id: US, custom_audience_id: id },
			);
			assert.deepEqual(log.data.list, [
				{
					custom_audience_id: id,
					shared_advertiser_id: EU,
					shared_advertiser_name: 'Acme Shoes EU',
					status: 'CANCELLED',
				},
				{
					custom_audience_id: id,
					shared_advertiser_id: OUTLET,
					shared_advertiser_name: 'Acme Outlet',
					status: 'SHARED',
				},
			]);
			const afterCancel = await getApi<ListData>(emulator, '/dmp/custom_audience/list/', {
				advertiser_id: EU,
			});
			assert.equal(
				afterCancel.data.list.some((item) => item.audience_id === id),
				false,
			);
			const again = await postApi(emulator, '/dmp/custom_audience/share/cancel/', {
				advertiser_id: US,
				custom_audience_id: id,
				shared_advertiser_id: EU,
			});
			assert.equal(again.code, 40002);
		});

		it('another Business Center: 40002', async () => {
			const reply = await postApi(emulator, '/dmp/custom_audience/share/', {
				advertiser_id: US,
				custom_audience_ids: [AUDIENCES.newsletter.id],
				shared_advertiser_ids: [OTHER],
			});
			assert.equal(reply.code, 40002);
			assert.match(reply.message, /not in the same Business Center/);
		});

		it('needs scope 32', async () => {
			emulator.world.addToken({
				accessToken: 'no-share-token',
				advertiserIds: [US],
				scopes: [30, 31],
			});
			const reply = await postApi(
				emulator,
				'/dmp/custom_audience/share/',
				{
					advertiser_id: US,
					custom_audience_ids: [AUDIENCES.newsletter.id],
					shared_advertiser_ids: [EU],
				},
				{ token: 'no-share-token' },
			);
			assert.equal(reply.code, 40001);
		});
	});

	describe('lookalikes', () => {
		const spec = {
			source_audience_id: AUDIENCES.newsletter.id,
			include_source: false,
			mobile_os: 'ALL',
			placements: ['TikTok', 'Pangle'],
			location_ids: ['6252001'],
			audience_size: 'NARROW',
		};

		it('creates a Lookalike Audience from a customer-file source', async () => {
			const reply = await postApi<{ custom_audience_id: string }>(
				emulator,
				'/dmp/custom_audience/lookalike/create/',
				{ advertiser_id: US, custom_audience_name: 'LAL 1%', lookalike_spec: spec },
			);
			assert.equal(reply.code, 0, reply.message);
			const list = await getApi<ListData>(emulator, '/dmp/custom_audience/list/', {
				advertiser_id: US,
				custom_audience_ids: [reply.data.custom_audience_id],
			});
			assert.equal(list.data.list[0].audience_type, 'Lookalike Audience');
			assert.deepEqual(list.data.list[0].lookalike_spec, spec);
			assert.equal(emulator.world.counters.lookalikesCreated, 1);
		});

		it('rejects a lookalike source, an unknown source, a small source and bad enums', async () => {
			const create = async (overrides: Record<string, unknown>) =>
				await postApi(emulator, '/dmp/custom_audience/lookalike/create/', {
					advertiser_id: US,
					custom_audience_name: 'LAL',
					lookalike_spec: { ...spec, ...overrides },
				});
			const fromLookalike = await create({ source_audience_id: AUDIENCES.newsletterLookalike.id });
			assert.equal(fromLookalike.code, 40002);
			assert.match(fromLookalike.message, /is a lookalike audience/);
			const unknown = await create({ source_audience_id: AUDIENCES.otherAgencyRetargeting.id });
			assert.equal(unknown.code, 40007);
			const tiny = await createAudienceFrom(emulator, emailDigests(50));
			const small = await create({ source_audience_id: tiny });
			assert.match(small.message, /at least 100/);
			const badSize = await create({ audience_size: 'HUGE' });
			assert.match(badSize.message, /^lookalike_spec.audience_size: must be one of/);
			const badPlacement = await create({ placements: ['Instagram'] });
			assert.match(badPlacement.message, /^lookalike_spec.placements\[0\]: must be one of/);
			const noLocations = await create({ location_ids: [] });
			assert.match(noLocations.message, /^lookalike_spec.location_ids: must have at least 1/);
		});

		it('refresh needs lookalikes and records history', async () => {
			const refresh = await postApi(emulator, '/dmp/custom_audience/lookalike/update/', {
				advertiser_id: US,
				custom_audience_ids: [AUDIENCES.newsletterLookalike.id],
			});
			assert.equal(refresh.code, 0);
			assert.equal(
				emulator.world.audience(AUDIENCES.newsletterLookalike.id)?.history.at(-1)?.action,
				'REFRESH',
			);
			const notLookalike = await postApi(emulator, '/dmp/custom_audience/lookalike/update/', {
				advertiser_id: US,
				custom_audience_ids: [AUDIENCES.newsletter.id],
			});
			assert.equal(notLookalike.code, 40002);
		});
	});

	describe('apply to ad groups', () => {
		const apply = async (body: Record<string, unknown>) =>
			await postApi(emulator, '/dmp/custom_audience/apply/', { advertiser_id: US, ...body });

		it('applies and disconnects, keeping per-ad-group state and an Apply log', async () => {
			const id = AUDIENCES.newsletter.id;
			const applied = await apply({
				custom_audience_id: id,
				adgroup_ids: [AD_GROUPS.usSpringSale.id, AD_GROUPS.usRetargeting.id],
				action_mode: 'Apply',
				usage_mode: 'Exclude',
			});
			assert.equal(applied.code, 0, applied.message);
			assert.equal(emulator.world.adGroup(AD_GROUPS.usSpringSale.id)?.audiences.get(id), 'Exclude');
			const disconnected = await apply({
				custom_audience_id: id,
				adgroup_ids: [AD_GROUPS.usSpringSale.id],
				action_mode: 'Disconnect',
			});
			assert.equal(disconnected.code, 0);
			assert.equal(emulator.world.adGroup(AD_GROUPS.usSpringSale.id)?.audiences.has(id), false);
			assert.equal(emulator.world.adGroup(AD_GROUPS.usRetargeting.id)?.audiences.has(id), true);

			const log = await getApi<{ advertiser_id: string } & ListData>(
				emulator,
				'/dmp/custom_audience/apply/log/',
				{ advertiser_id: US, custom_audience_ids: [id], page_size: 1 },
			);
			assert.equal(log.code, 0, log.message);
			assert.equal(log.data.advertiser_id, US);
			assert.deepEqual(log.data.page_info, {
				page: 1,
				page_size: 1,
				total_number: 2,
				total_page: 2,
			});
			const [entry] = log.data.list as unknown as Array<Record<string, string>>;
			assert.equal(entry.audience_id, id);
			assert.equal(entry.adgroup_id, AD_GROUPS.usRetargeting.id);
			assert.equal(entry.adgroup_name, AD_GROUPS.usRetargeting.name);
			assert.equal(entry.usage_mode, 'Exclude');
			assert.equal(entry.editor, 'open_api');
			assert.match(entry.action_timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
		});

		it('usage_mode is required for Apply; ad groups must be the advertiser’s', async () => {
			const noMode = await apply({
				custom_audience_id: AUDIENCES.newsletter.id,
				adgroup_ids: [AD_GROUPS.usSpringSale.id],
				action_mode: 'Apply',
			});
			assert.equal(noMode.code, 40002);
			assert.equal(noMode.message, 'usage_mode: is required when action_mode is Apply');
			const foreignGroup = await apply({
				custom_audience_id: AUDIENCES.newsletter.id,
				adgroup_ids: [AD_GROUPS.euProspecting.id],
				action_mode: 'Apply',
				usage_mode: 'Include',
			});
			assert.equal(foreignGroup.code, 40002);
			assert.ok(foreignGroup.message.includes(AD_GROUPS.euProspecting.id));
			const badMode = await apply({
				custom_audience_id: AUDIENCES.newsletter.id,
				adgroup_ids: [AD_GROUPS.usSpringSale.id],
				action_mode: 'Attach',
			});
			assert.match(badMode.message, /^action_mode: must be one of Apply, Disconnect/);
		});

		it('a lookalike cannot go into a Reach & Frequency ad group', async () => {
			const reply = await apply({
				custom_audience_id: AUDIENCES.newsletterLookalike.id,
				adgroup_ids: [AD_GROUPS.usReachFrequency.id],
				action_mode: 'Apply',
				usage_mode: 'Include',
			});
			assert.equal(reply.code, 40002);
			assert.match(reply.message, /Reach & Frequency/);
		});

		it('apply log needs owned audiences', async () => {
			const reply = await getApi(emulator, '/dmp/custom_audience/apply/log/', {
				advertiser_id: US,
				custom_audience_ids: [AUDIENCES.otherAgencyRetargeting.id],
			});
			assert.equal(reply.code, 40007);
		});
	});

	it('audiences work on the sandbox listener for the sandbox advertiser', async () => {
		const sandboxId = DEFAULT_WORLD.advertisers.sandbox.id;
		const options = { sandbox: true, token: TOKENS.sandbox };
		const file = await uploadDigests(
			emulator,
			emailDigests(5),
			{ advertiserId: sandboxId },
			options,
		);
		const reply = await postApi<{ custom_audience_id: string }>(
			emulator,
			'/dmp/custom_audience/create/',
			{
				advertiser_id: sandboxId,
				custom_audience_name: 'Sandbox audience',
				file_paths: [file],
				calculate_type: 'EMAIL_SHA256',
			},
			options,
		);
		assert.equal(reply.code, 0, reply.message);
		assert.equal(emulator.world.audience(reply.data.custom_audience_id)?.environment, 'sandbox');
	});
});
