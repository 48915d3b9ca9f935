/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- benchmark runs in Node and never ships in the package */
// The floor for customer files: a plain-Node streaming pipeline written by hand. It reads the file
// line by line, normalises and hashes each e-mail, writes the digests to a file on disk while
// taking its MD5, uploads each finished file from disk and creates the audience from all of them.
// It never holds more than a chunk of input and one upload in memory.
import { createHash, hash } from 'node:crypto';
import { createReadStream, createWriteStream, openAsBlob, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { normaliseEmail, type Connection } from './baseline';
import { API_PATH, CREATE_ENDPOINT, UPLOAD_ENDPOINT } from './common';

async function callTikTok(
	connection: Connection,
	endpoint: string,
	body: FormData | string,
): Promise<Record<string, unknown>> {
	const headers: Record<string, string> = { 'Access-Token': connection.accessToken };
	if (typeof body === 'string') headers['Content-Type'] = 'application/json';
	const response = await fetch(`${connection.url}${API_PATH}${endpoint}`, {
		method: 'POST',
		headers,
		body,
	});
	const envelope = (await response.json()) as { code: number; message: string; data: unknown };
	if (envelope.code !== 0) {
		throw new Error(`${endpoint} failed: ${envelope.message} (code ${envelope.code})`);
	}
	return envelope.data as Record<string, unknown>;
}

export interface FileFloorResult {
	audienceId: string;
	uploadedBytes: number;
	rows: number;
}

/** Streams an e-mail customer file (header EMAIL) into an audience, `rowsPerFile` rows a file. */
export async function fileToAudienceByHand(
	path: string,
	connection: Connection,
	audienceName: string,
	rowsPerFile: number,
): Promise<FileFloorResult> {
	const folder = join(tmpdir(), `tiktok-floor-${process.pid}`);
	const filePaths: string[] = [];
	let uploadedBytes = 0;
	let rows = 0;
	let out: WriteStream | undefined;
	let md5 = createHash('md5');
	let outPath = '';
	let rowsInFile = 0;
	let bytesInFile = 0;

	const write = async (text: string) => {
		md5.update(text);
		bytesInFile += text.length;
		if (!out!.write(text)) await once(out!, 'drain');
	};
	const open = async () => {
		outPath = join(folder, `part-${filePaths.length + 1}.csv`);
		const { mkdirSync } = await import('node:fs');
		mkdirSync(folder, { recursive: true });
		out = createWriteStream(outPath);
		md5 = createHash('md5');
		rowsInFile = 0;
		bytesInFile = 0;
		await write('EMAIL_SHA256\n');
	};
	const close = async () => {
		if (out === undefined) return;
		out.end();
		await once(out, 'finish');
		out = undefined;
		const form = new FormData();
		form.append('advertiser_id', connection.advertiserId);
		form.append('calculate_type', 'EMAIL_SHA256');
		form.append('file_signature', md5.digest('hex'));
		form.append('file', await openAsBlob(outPath, { type: 'text/csv' }), 'contacts.csv');
		const uploaded = await callTikTok(connection, UPLOAD_ENDPOINT, form);
		filePaths.push(String(uploaded.file_path));
		uploadedBytes += bytesInFile;
		rmSync(outPath);
	};

	try {
		const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
		let header = true;
		for await (const line of lines) {
			if (header) {
				header = false;
				continue;
			}
			const email = normaliseEmail(line.split(',', 1)[0]);
			if (email === undefined) continue;
			if (out === undefined) await open();
			await write(`${hash('sha256', email, 'hex')}\n`);
			rows++;
			if (++rowsInFile >= rowsPerFile) await close();
		}
		await close();
		const created = await callTikTok(
			connection,
			CREATE_ENDPOINT,
			JSON.stringify({
				advertiser_id: connection.advertiserId,
				custom_audience_name: audienceName,
				calculate_type: 'EMAIL_SHA256',
				file_paths: filePaths,
			}),
		);
		return { audienceId: String(created.custom_audience_id), uploadedBytes, rows };
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}
