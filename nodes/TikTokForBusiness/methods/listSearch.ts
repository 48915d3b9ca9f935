import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { audienceLabel, describeAudience } from '../summaries/audience';
import { audiencePages, listReachableAdvertisers, TikTokClient } from '../transport';

const AUDIENCE_PAGE_SIZE = 100;
// Bounds one search call when a filter matches nothing on the first pages.
const MAX_PAGES_PER_SEARCH = 10;

function matches(filter: string | undefined, ...values: string[]): boolean {
	if (!filter) return true;
	const needle = filter.trim().toLowerCase();
	return values.some((value) => value.toLowerCase().includes(needle));
}

export async function searchAdvertisers(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const advertisers = await listReachableAdvertisers(TikTokClient.for(this));
	const results: INodeListSearchItems[] = advertisers
		.filter((advertiser) => matches(filter, advertiser.advertiser_name, advertiser.advertiser_id))
		.map((advertiser) => ({
			name: advertiser.advertiser_name || advertiser.advertiser_id,
			value: advertiser.advertiser_id,
			url: `https://ads.tiktok.com/i18n/dashboard?aadvid=${advertiser.advertiser_id}`,
		}));
	return { results };
}

export async function searchAudiences(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const advertiserId = String(
		this.getCurrentNodeParameter('advertiserId', { extractValue: true }) ?? '',
	).trim();
	if (!/^\d+$/.test(advertiserId)) return { results: [] };

	const results: INodeListSearchItems[] = [];
	// The token is the next page's number as text: n8n 2.8 accepts only strings, 2.41 makes one.
	const requested = Number(paginationToken);
	const firstPage = Number.isInteger(requested) && requested > 1 ? requested : 1;
	let pagesRead = 0;
	const pages = audiencePages(
		TikTokClient.for(this),
		{ advertiserId },
		firstPage,
		AUDIENCE_PAGE_SIZE,
	);
	for await (const { entries, page, totalPages } of pages) {
		for (const audience of entries) {
			const id = String(audience.audience_id ?? '');
			const name = String(audience.name ?? '');
			if (!matches(filter, name, id)) continue;
			results.push({
				name: audienceLabel(audience),
				value: id,
				description: describeAudience(audience),
			});
		}
		pagesRead++;
		if (page >= totalPages || entries.length === 0) return { results };
		if (results.length > 0 || pagesRead >= MAX_PAGES_PER_SEARCH) {
			return { results, paginationToken: String(page + 1) };
		}
	}
	return { results };
}
