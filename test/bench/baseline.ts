// The floor: an audience sync written by hand with plain Node, the way a user would script it
// (or put it in a Code node with HTTP requests). Same steps as the node: normalise, hash, build
// one MULTIPLE_TYPES file, MD5 it, upload it, create the audience from it.
import { hash } from 'node:crypto';

import { API_PATH, CREATE_ENDPOINT, CSV_HEADER, UPLOAD_ENDPOINT, type Contact } from './common';

const E164_MIN_DIGITS = 8;
const E164_MAX_DIGITS = 15;

export function normaliseEmail(email: string): string | undefined {
	const normalised = email.trim().toLowerCase();
	const at = normalised.indexOf('@');
	if (at < 0) return undefined;
	// TikTok's customer-file rule, as the node does by default: drop a +tag before the @.
	const plus = normalised.indexOf('+');
	return plus >= 0 && plus < at ? normalised.slice(0, plus) + normalised.slice(at) : normalised;
}

/** E.164 digits for numbers written with their country code ("+44 20 7946 0000" → "442079460000"). */
export function normalisePhone(phone: string): string | undefined {
	const digits = phone.replace(/\D/g, '');
	return digits.length >= E164_MIN_DIGITS && digits.length <= E164_MAX_DIGITS ? digits : undefined;
}

function sha256Hex(text: string | undefined): string {
	return text === undefined ? '' : hash('sha256', text, 'hex');
}

export interface HandBuiltFile {
	content: Buffer;
	md5: string;
	rows: number;
}

/** One CSV row per contact with a usable identifier: e-mail and phone digests. */
export function buildCustomerFile(items: Array<{ json: Contact }>): HandBuiltFile {
	const lines: string[] = [CSV_HEADER];
	for (const { json } of items) {
		const email = normaliseEmail(json.email);
		const phone = normalisePhone(json.phone);
		if (email === undefined && phone === undefined) continue;
		lines.push(sha256Hex(email) + ',' + sha256Hex(phone));
	}
	const rows = lines.length - 1;
	// The empty last entry gives the file its final line break without copying the joined text.
	lines.push('');
	const content = Buffer.from(lines.join('\n'), 'utf8');
	return { content, md5: hash('md5', content, 'hex'), rows };
}

export interface Connection {
	url: string;
	accessToken: string;
	advertiserId: string;
}

async function callTikTok(
	connection: Connection,
	endpoint: string,
	init: { body: FormData | string; json?: boolean },
): Promise<Record<string, unknown>> {
	const headers: Record<string, string> = { 'Access-Token': connection.accessToken };
	if (init.json) headers['Content-Type'] = 'application/json';
	const response = await fetch(`${connection.url}${API_PATH}${endpoint}`, {
		method: 'POST',
		headers,
		body: init.body,
	});
	const envelope = (await response.json()) as { code: number; message: string; data: unknown };
	if (envelope.code !== 0) {
		throw new Error(`${endpoint} failed: ${envelope.message} (code ${envelope.code})`);
	}
	return envelope.data as Record<string, unknown>;
}

export interface HandSyncResult {
	audienceId: string;
	uploadedBytes: number;
	rows: number;
}

/** Builds, uploads and creates: the whole sync, as the benchmark times it. */
export async function syncAudienceByHand(
	items: Array<{ json: Contact }>,
	connection: Connection,
	audienceName: string,
): Promise<HandSyncResult> {
	const file = buildCustomerFile(items);

	const form = new FormData();
	form.append('advertiser_id', connection.advertiserId);
	form.append('calculate_type', 'MULTIPLE_TYPES');
	form.append('file_signature', file.md5);
	form.append('file', new Blob([file.content], { type: 'text/csv' }), 'contacts.csv');
	const uploaded = await callTikTok(connection, UPLOAD_ENDPOINT, { body: form });

	const created = await callTikTok(connection, CREATE_ENDPOINT, {
		json: true,
		body: JSON.stringify({
			advertiser_id: connection.advertiserId,
			custom_audience_name: audienceName,
			calculate_type: 'MULTIPLE_TYPES',
			file_paths: [uploaded.file_path],
		}),
	});
	return {
		audienceId: String(created.custom_audience_id),
		uploadedBytes: file.content.length,
		rows: file.rows,
	};
}
