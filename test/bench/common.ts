/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- benchmark runs in Node and never ships in the package */
// What the benchmark's processes share: the synthetic contacts, memory and time measurement, the
// line a child process reports with, and a client for the emulator's control API.
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import { DEFAULT_WORLD } from '../emulator/seed';
import type { RecordedRequest } from '../emulator/types';

export const API_PATH = '/open_api/v1.3';
export const SYNC_ADVERTISER_ID = DEFAULT_WORLD.advertisers.acmeShoesUs.id;
// Acme Outlet owns no seeded audiences, so its list holds exactly the audiences the bench adds.
export const LIST_ADVERTISER_ID = DEFAULT_WORLD.advertisers.acmeOutlet.id;
export const PRODUCTION_TOKEN = DEFAULT_WORLD.tokens.production;
export const CSV_HEADER = 'EMAIL_SHA256,PHONE_SHA256';
export const UPLOAD_ENDPOINT = '/dmp/custom_audience/file/upload/';
export const CREATE_ENDPOINT = '/dmp/custom_audience/create/';
export const LIST_ENDPOINT = '/dmp/custom_audience/list/';

// A type alias, not an interface, so that a contact is also a valid n8n item's `json`.
export type Contact = { email: string; phone: string };

const EMAIL_DOMAINS = ['Example.com', 'mail.example.org', 'GMAIL.com', 'company.co.uk'];

/**
 * Distinct contacts written the way CRMs export them: mixed case and stray spaces in e-mails,
 * phone numbers with their country code and assorted separators.
 */
export function syntheticContacts(count: number): Contact[] {
	const contacts = Array.from({ length: count }, (_, index) => {
		const line = String(index % 10_000).padStart(4, '0');
		const exchange = 200 + (Math.floor(index / 10_000) % 800);
		const phone =
			index % 3 === 0
				? `+1 (657) ${exchange}-${line}`
				: index % 3 === 1
					? `+1 657.${exchange}.${line}`
					: `+44 20 7${exchange} ${line}`;
		const email = `${index % 4 === 0 ? ' ' : ''}Customer.${index}+crm@${EMAIL_DOMAINS[index % EMAIL_DOMAINS.length]}`;
		return { email, phone };
	});
	// Parsed from JSON, as items from a database or HTTP node are: flat strings, not the
	// concatenations built above, which the first code to read them would pay to flatten.
	return JSON.parse(JSON.stringify(contacts)) as Contact[];
}

/** Bytes in use according to the kernel, and the peak since the last reset. */
export function statusBytes(field: 'VmRSS' | 'VmHWM'): number | undefined {
	try {
		const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
			readFileSync('/proc/self/status', 'utf8'),
		);
		return match ? Number(match[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Lowers the process's peak RSS to its current RSS (Linux: clear_refs 5), so that the peak read
 * afterwards belongs to what runs in between rather than to start-up.
 */
export function resetPeakRss(): boolean {
	try {
		writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

export interface Measurement<T> {
	value: T;
	wallMs: number;
	/** CPU time of this process (user + system) during the run; the emulator's is not in it. */
	cpuMs: number;
	rssBeforeBytes: number;
	peakRssBytes: number;
	/** How the peak was taken: the kernel's high-water mark reset at the start, or lifetime maxRSS. */
	peakSource: 'VmHWM since start' | 'lifetime maxRSS';
}

/** Runs `work` once, timing it and taking the process's RSS before and at its peak. */
export async function measure<T>(work: () => Promise<T>): Promise<Measurement<T>> {
	// Collect what set-up left behind, so it neither counts as growth nor gets collected midway.
	const collect = (globalThis as { gc?: () => void }).gc;
	collect?.();
	collect?.();
	const peakWasReset = resetPeakRss();
	const rssBeforeBytes = statusBytes('VmRSS') ?? process.memoryUsage.rss();
	const cpuAtStart = process.cpuUsage();
	const start = performance.now();
	const value = await work();
	const wallMs = performance.now() - start;
	const cpu = process.cpuUsage(cpuAtStart);
	const peakFromKernel = peakWasReset ? statusBytes('VmHWM') : undefined;
	return {
		value,
		wallMs,
		cpuMs: (cpu.user + cpu.system) / 1000,
		rssBeforeBytes,
		peakRssBytes: peakFromKernel ?? process.resourceUsage().maxRSS * 1024,
		peakSource: peakFromKernel === undefined ? 'lifetime maxRSS' : 'VmHWM since start',
	};
}

/** The line a child process ends with; anything else it prints is passed through. */
export const CHILD_RESULT_PREFIX = 'BENCH_RESULT ';

export function reportToParent(result: object): void {
	console.log(CHILD_RESULT_PREFIX + JSON.stringify(result));
}

export interface SyncReport {
	wallMs: number;
	cpuMs: number;
	rssBeforeBytes: number;
	peakRssBytes: number;
	peakSource: Measurement<unknown>['peakSource'];
	/** Index of the first emulator request made by the measured run. */
	firstRequestIndex: number;
	audienceId: string;
	uploadedBytes: number;
	/**
	 * RSS when the node's own code started (after n8n copied the input items for it); the peak
	 * was reset then, so peakRssBytes − this is the node's own growth. Node runs only.
	 */
	rssAtNodeStartBytes?: number;
}

export interface ListReport {
	wallMs: number;
	firstRequestIndex: number;
	audiencesReturned: number;
	rssBeforeBytes: number;
	peakRssBytes: number;
}

export interface BatchReport {
	firstRequestIndex: number;
	applyItems: number;
	getItems: number;
	/** Output items that hold an error; 0 when every item went through. */
	failedItems: number;
	wallMs: number;
}

export interface EmulatorState {
	requestCount: number;
	files: Array<{ filePath: string; rows: number; digestCount: number; md5: string }>;
	audiences: Array<{
		audienceId: string;
		ownerId: string;
		name: string;
		memberCount: number;
		filePaths: string[];
	}>;
}

/** The control API of an emulator running in another process. */
export class EmulatorControl {
	constructor(readonly url: string) {}

	private async call<T>(method: string, name: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.url}/__emulator/${name}`, {
			method,
			headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!response.ok) {
			throw new Error(
				`${method} /__emulator/${name}: HTTP ${response.status} ${await response.text()}`,
			);
		}
		return (await response.json()) as T;
	}

	async state(): Promise<EmulatorState> {
		return await this.call<EmulatorState>('GET', 'state');
	}

	async requests(): Promise<RecordedRequest[]> {
		return await this.call<RecordedRequest[]>('GET', 'requests');
	}

	async requestCount(): Promise<number> {
		return (await this.state()).requestCount;
	}

	async reset(): Promise<void> {
		await this.call('POST', 'reset');
	}

	async addAudiences(advertiserId: string, count: number): Promise<void> {
		// The control API adds at most 100,000 at a time.
		for (let added = 0; added < count; added += 100_000) {
			await this.call('POST', 'audiences', {
				advertiserId,
				count: Math.min(100_000, count - added),
				namePrefix: 'Bench audience',
			});
		}
	}

	async addAdGroups(advertiserId: string, count: number): Promise<string[]> {
		return (await this.call<{ adGroupIds: string[] }>('POST', 'ad-groups', { advertiserId, count }))
			.adGroupIds;
	}
}

/** A positive whole-number command-line option. */
export function positiveInteger(value: string | undefined, name: string, fallback: number): number {
	if (value === undefined) return fallback;
	if (!/^[1-9]\d*$/.test(value)) throw new Error(`--${name} must be a positive whole number`);
	return Number(value);
}
