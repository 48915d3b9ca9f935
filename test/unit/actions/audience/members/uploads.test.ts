/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling runs in Node and never ships in the package */
// Each finished file is uploaded while the next is built, so only a bounded number of files is
// ever held; an upload that fails is reported with the totals.
import { setTimeout as sleep } from 'timers/promises';

import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { buildFromItems } from '../../../../../nodes/TikTokForBusiness/actions/audience/members/fromItems';
import { MemberUploads } from '../../../../../nodes/TikTokForBusiness/actions/audience/members/uploads';
import type { CustomerFile } from '../../../../../nodes/TikTokForBusiness/customerFile';
import type { TikTokClient } from '../../../../../nodes/TikTokForBusiness/transport';
import { assert, describe, it } from '../../../../support/testing';

/** An n8n context for Create from items: e-mails in `email`, `rowsPerFile` rows a file. */
function itemsContext(items: INodeExecutionData[], rowsPerFile: number): IExecuteFunctions {
	return {
		getNode: () => ({ name: 'TikTok for Business', parameters: {} }),
		getInputData: () => items,
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => {
			if (name === 'identifierFields') return { emailField: 'email' };
			if (name === 'options') return { rowsPerFile };
			return fallback;
		},
	} as unknown as IExecuteFunctions;
}

describe('Members uploaded while they are built', () => {
	it('uploads the first file before the last row is read, holding at most two files', async () => {
		const total = 2000;
		let rowsRead = 0;
		const items = Array.from({ length: total }, (_, index) => ({
			json: {
				get email() {
					rowsRead++;
					return `person${index}@example.com`;
				},
			},
		}));
		let held = 0;
		let mostHeld = 0;
		const memories = new Set<ArrayBufferLike>();
		const rowsReadAtUpload: number[] = [];
		const client = {
			itemIndex: 0,
			request: async () => {
				rowsReadAtUpload.push(rowsRead);
				await sleep(2);
				held--;
				return { file_path: `path-${rowsReadAtUpload.length}` };
			},
		} as unknown as TikTokClient;
		const context = itemsContext(items, 100);
		const uploads = new (class extends MemberUploads {
			accept(file: CustomerFile, calculateType: 'EMAIL_SHA256') {
				memories.add(file.content.buffer);
				held++;
				mostHeld = Math.max(mostHeld, held);
				super.accept(file, calculateType);
			}
		})(context, client, [{ advertiserId: '7' }]);

		const summary = await buildFromItems(
			context,
			items.map((_, index) => index),
			'audience',
			uploads,
		);
		const files = uploads.uploadedTo('7', summary);
		assert.equal(files.length, 20);
		assert.equal(summary.fileCount, 20);
		assert.deepEqual(
			files.map((file) => file.fileName),
			Array.from({ length: 20 }, (_, index) => `audience-${index + 1}.csv`),
		);
		assert.ok(rowsReadAtUpload[0] < total, `first upload after ${rowsReadAtUpload[0]} rows`);
		assert.ok(mostHeld <= 2, `${mostHeld} finished files held at once`);
		// Uploaded files hand their memory back: 20 files are written in 2 buffers.
		assert.ok(memories.size <= 2, `${memories.size} buffers for 20 files`);
		assert.equal(held, 0);
	});

	it('reports an upload that failed with the totals, after building the rest', async () => {
		let calls = 0;
		const client = {
			itemIndex: 0,
			request: async () => {
				if (++calls === 2) throw new Error('Service unavailable');
				return { file_path: `path-${calls}` };
			},
		} as unknown as TikTokClient;
		const items = Array.from({ length: 250 }, (_, index) => ({
			json: { email: `person${index}@example.com` },
		}));
		const context = itemsContext(items, 100);
		const uploads = new MemberUploads(context, client, [{ advertiserId: '7' }]);
		const summary = await buildFromItems(
			context,
			items.map((_, index) => index),
			'audience',
			uploads,
		);
		assert.equal(calls, 2, 'no upload after the failed one');
		assert.throws(
			() => uploads.uploadedTo('7', summary),
			/Uploaded 1 of 3 files \(100 of 250 rows\): audience-1\.csv before audience-2\.csv failed/,
		);
	});
});
