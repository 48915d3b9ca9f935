/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling runs in Node and never ships in the package */
// Each customer file is uploaded while the next is built, and a list that needs more files than
// one request takes fails before any audience is created or changed.
import { setTimeout as sleep } from 'node:timers/promises';
import type { INodeExecutionData } from 'n8n-workflow';

import type { Emulator } from '../emulator';
import { storedItem, watchStoredStreams } from '../support/binaryStore';
import { useEmulator } from '../support/emulator';
import { assert, describe, it } from '../support/testing';
import { ADVERTISERS, byId, createFromItems, runTikTok, updateFromItems } from '../support/tiktok';

const ADVERTISER = ADVERTISERS.acmeShoesUs.id;
const UPLOAD = '/open_api/v1.3/dmp/custom_audience/file/upload/';
/** 60,000 rows of 134 bytes (~8 MB, read in 1 MB chunks); 5,000 rows a file make 12 files. */
const ROWS = 60_000;
const ROWS_PER_FILE = 5000;

function uploads(emulator: Emulator) {
	return emulator.requests.filter((request) => request.path === UPLOAD);
}

function calls(emulator: Emulator, endpoint: string) {
	return emulator.requests.filter((request) => request.path === `/open_api/v1.3${endpoint}`);
}

const emails = (count: number, from = 0) =>
	Array.from({ length: count }, (_, index) => ({ email: `person${from + index}@example.com` }));

/** The stored file: an e-mail column and a padding column the node ignores. */
function paddedContacts(): Buffer {
	const lines = ['Email,notes'];
	for (let row = 0; row < ROWS; row++) lines.push(`person${row}@example.com,${'x'.repeat(110)}`);
	return Buffer.from(lines.join('\n'));
}

async function createFromStoredFile(
	emulator: Emulator,
	audienceName: string,
	item: INodeExecutionData,
) {
	return await runTikTok(
		emulator,
		{
			resource: 'audience',
			operation: 'create',
			advertiserId: byId(ADVERTISER),
			audienceName,
			source: 'file',
			inputDataFieldName: 'data',
			fileIdentifierType: 'email',
			options: { rowsPerFile: ROWS_PER_FILE },
		},
		{ items: [item] },
	);
}

describe('Customer files uploaded as they are built', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	it('uploads the first file while the rest of the stored file is still unread', async () => {
		const bytes = paddedContacts();
		const item = await storedItem(bytes, 'pipeline-test');

		// After 3 MB the stream waits (up to 10 s) until TikTok has seen an upload: a node that
		// uploads only once the whole file is read never sends one meanwhile.
		let bytesRead = 0;
		let uploadsWhileReading = -1;
		let bytesReadAtFirstUpload = 0;
		const restore = await watchStoredStreams(async (chunk) => {
			bytesRead += chunk.length;
			if (uploadsWhileReading === -1 && bytesRead > 3_000_000) {
				for (let waited = 0; waited < 10_000 && uploads(emulator).length === 0; ) {
					await sleep(20);
					waited += 20;
				}
				uploadsWhileReading = uploads(emulator).length;
				bytesReadAtFirstUpload = bytesRead;
			}
		});
		try {
			const run = await createFromStoredFile(emulator, 'Pipelined', item);
			assert.equal(run.error, undefined, run.error?.message);
			assert.equal(run.json[0].rowsUploaded, ROWS);
			assert.equal((run.json[0].files as unknown[]).length, 12);
		} finally {
			restore();
		}
		assert.ok(uploadsWhileReading >= 1, `${uploadsWhileReading} uploads while reading`);
		assert.ok(bytesReadAtFirstUpload < bytes.length, `${bytesReadAtFirstUpload} bytes read`);
		assert.equal(bytesRead, bytes.length);
		assert.equal(uploads(emulator).length, 12);
	});

	it('reads no further ahead of slow uploads than the file in flight and one more', async () => {
		const bytes = paddedContacts();
		const item = await storedItem(bytes, 'pipeline-test');
		emulator.faults.add({ path: UPLOAD, kind: 'delay', ms: 150 });

		// Before each chunk is handed over: F files are complete, at most one waiting behind the
		// one in flight, so TikTok has received at least F - 1 uploads; and a file is at most
		// 5,000 rows of 134 bytes, with one more file of slack for the chunk being split.
		const bytesPerFile = ROWS_PER_FILE * 134;
		const behind: string[] = [];
		let bytesRead = 0;
		const restore = await watchStoredStreams((chunk) => {
			const received = uploads(emulator).length;
			if (received < Math.floor(bytesRead / bytesPerFile) - 3) {
				behind.push(`${bytesRead} bytes read, ${received} uploads`);
			}
			bytesRead += chunk.length;
		});
		try {
			const run = await createFromStoredFile(emulator, 'Paced', item);
			assert.equal(run.error, undefined, run.error?.message);
			assert.equal(run.json[0].rowsUploaded, ROWS);
		} finally {
			restore();
		}
		assert.equal(bytesRead, bytes.length);
		assert.deepEqual(behind, []);
	});

	it('fails a list that needs more than 500 files before creating anything', async () => {
		const run = await runTikTok(
			emulator,
			createFromItems(ADVERTISER, 'Too many files', { options: { rowsPerFile: 1 } }),
			{ items: emails(520) },
		);
		assert.ok(run.error);
		assert.match(run.error.message, /needs more than 500 files; TikTok takes at most 500/);
		assert.match(String(run.error.description), /Rows per File.*The audience was not changed/);
		assert.equal(calls(emulator, '/dmp/custom_audience/create/').length, 0);
		assert.ok(uploads(emulator).length <= 500, `${uploads(emulator).length} uploads`);
		assert.equal(emulator.world.counters.audiencesCreated, 0);
	});

	it('fails a Replace that needs more than 500 files before changing the audience', async () => {
		const created = await runTikTok(emulator, createFromItems(ADVERTISER, 'Kept as it is'), {
			items: emails(1000),
		});
		assert.equal(created.error, undefined);
		const audienceId = String(created.json[0].audienceId);
		const membersBefore = new Set(emulator.world.audience(audienceId)?.members);

		const run = await runTikTok(
			emulator,
			updateFromItems(ADVERTISER, audienceId, 'REPLACE', { options: { rowsPerFile: 1 } }),
			{ items: emails(505, 5000) },
		);
		assert.ok(run.error);
		assert.match(run.error.message, /needs more than 500 files/);
		assert.equal(calls(emulator, '/dmp/custom_audience/update/').length, 0);
		assert.deepEqual(emulator.world.audience(audienceId)?.members, membersBefore);
	});
});
