import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { listAuthorizedAdvertisers } from '../actions/advertiser/advertisers';
import { describeAudience } from '../helpers/audiences';
import { getConnection, tikTokApiRequest } from '../transport';

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
	const advertisers = await listAuthorizedAdvertisers.call(this);
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
	paginationToken?: unknown,
): Promise<INodeListSearchResult> {
	const advertiserId = String(
		this.getCurrentNodeParameter('advertiserId', { extractValue: true }) ?? '',
	).trim();
	if (!/^\d+$/.test(advertiserId)) return { results: [] };

	const connection = await getConnection.call(this);
	const results: INodeListSearchItems[] = [];
	let page = typeof paginationToken === 'number' ? paginationToken : 1;
	for (let pagesRead = 0; pagesRead < MAX_PAGES_PER_SEARCH; pagesRead++, page++) {
		const data = await tikTokApiRequest.call(this, {
			method: 'GET',
			endpoint: '/dmp/custom_audience/list/',
			qs: { advertiser_id: advertiserId, page, page_size: AUDIENCE_PAGE_SIZE },
			connection,
			aboutAudience: true,
		});
		for (const audience of (data.list as IDataObject[] | undefined) ?? []) {
			const id = String(audience.audience_id ?? '');
			const name = String(audience.name ?? '');
			if (!matches(filter, name, id)) continue;
			results.push({ name: name || id, value: id, description: describeAudience(audience) });
		}
		const totalPages = Number((data.page_info as IDataObject | undefined)?.total_page ?? page);
		if (page >= totalPages) return { results };
		if (results.length > 0) return { results, paginationToken: page + 1 };
	}
	return { results, paginationToken: page };
}
