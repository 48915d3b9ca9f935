/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling runs in Node and never ships in the package */
// Customer files kept in n8n's own binary data store (filesystem mode, as n8n 2.x uses by
// default), for the tests of the streamed reader.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { BinaryDataService } from 'n8n-core';
import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import { getPackage } from './harness';

// n8n-core's services live in its own copy of @n8n/di, as in the harness.
const { Container } = createRequire(require.resolve('n8n-core'))('@n8n/di') as {
	Container: { get<T>(service: new (...args: never[]) => T): T };
};

/** n8n-core's binary data service, initialised by the harness. */
export async function binaryDataService(): Promise<BinaryDataService> {
	await getPackage(); // initialises the binary data service
	return Container.get(BinaryDataService);
}

/** An item whose `data` binary holds `bytes` as a CSV file in the binary data store. */
export async function storedItem(bytes: Buffer, workflowId: string): Promise<INodeExecutionData> {
	const service = await binaryDataService();
	const binary: IBinaryData = { data: '', mimeType: 'text/csv', fileName: 'contacts.csv' };
	const stored = await service.store(
		{ type: 'execution', workflowId, executionId: randomUUID() },
		bytes,
		binary,
	);
	return { json: {}, binary: { data: stored } };
}

/**
 * Passes every chunk the store streams through `onChunk` (awaited before the chunk is handed
 * on), until the returned function restores the store.
 */
export async function watchStoredStreams(
	onChunk: (chunk: Buffer) => Promise<void> | void,
): Promise<() => void> {
	const service = await binaryDataService();
	const asStream = service.getAsStream.bind(service);
	service.getAsStream = async (...args) => {
		const inner = await asStream(...args);
		return Readable.from(
			(async function* () {
				for await (const chunk of inner) {
					await onChunk(chunk as Buffer);
					yield chunk;
				}
			})(),
		);
	};
	return () => {
		service.getAsStream = asStream;
	};
}
