// A customer file kept in n8n's filesystem binary store is read as a stream: the node asks the
// store for a stream and never for the whole file as one buffer.
import { createHash } from 'node:crypto';

import type { Emulator } from '../emulator';
import { binaryDataService, storedItem } from '../support/binaryStore';
import { useEmulator } from '../support/emulator';
import { assert, describe, it } from '../support/testing';
import { ADVERTISERS, byId, runTikTok } from '../support/tiktok';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const ADVERTISER = ADVERTISERS.acmeShoesUs.id;

// ~20 MB in ~150,000 rows: a padding column the node ignores keeps hashing cheap, so the test
// exercises the reading of a large file in well under ten seconds.
const ROWS = 150_000;
const PADDING = 'x'.repeat(120);

function customerFile(): { bytes: Buffer; members: Set<string> } {
	const members = new Set<string>();
	const lines = ['\ufeffnotes,Email'];
	for (let row = 0; row < ROWS; row++) {
		const email = `Person${row % 140_000}@Example.com`;
		lines.push(`${PADDING},"  ${email} "`);
		members.add(sha256(email.toLowerCase()));
	}
	lines.push(`${PADDING},not-an-email`, '', '');
	return { bytes: Buffer.from(lines.join('\r\n')), members };
}

describe('Customer files in the filesystem binary store', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	it('creates an audience from a 20 MB file read as a stream, never as one buffer', async () => {
		const { bytes, members } = customerFile();
		assert.ok(bytes.length > 20_000_000, `${bytes.length} bytes`);
		const item = await storedItem(bytes, 'streaming-test');
		assert.match(String(item.binary?.data.id), /^filesystem/);

		const service = await binaryDataService();
		const asBuffer = service.getAsBuffer.bind(service);
		const asStream = service.getAsStream.bind(service);
		let buffers = 0;
		let streams = 0;
		service.getAsBuffer = async (...args) => {
			buffers++;
			return await asBuffer(...args);
		};
		service.getAsStream = async (...args) => {
			streams++;
			return await asStream(...args);
		};
		try {
			const run = await runTikTok(
				emulator,
				{
					resource: 'audience',
					operation: 'create',
					advertiserId: byId(ADVERTISER),
					audienceName: 'Streamed',
					source: 'file',
					inputDataFieldName: 'data',
					fileIdentifierType: 'email',
				},
				{ items: [item] },
			);
			assert.equal(run.error, undefined);
			const result = run.json[0];
			assert.equal(result.rowsReceived, ROWS + 1);
			assert.equal(result.rowsUploaded, members.size);
			assert.deepEqual(result.droppedByReason, {
				duplicate: ROWS - members.size,
				invalidEmail: 1,
			});
			assert.deepEqual(emulator.world.audience(String(result.audienceId))?.members, members);
		} finally {
			service.getAsBuffer = asBuffer;
			service.getAsStream = asStream;
		}
		assert.equal(streams, 1);
		assert.equal(buffers, 0);
	});
});
