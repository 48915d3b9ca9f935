import { noPermission } from '../errors';
import { SCOPE } from '../seed';
import { ADVERTISER_INFO_FIELDS } from '../spec';
import type { Advertiser } from '../world';
import type { RouteContext, RouteDefinition, RouteReply } from './common';
import { callerToken, ok, optionalStringList, stringList } from './common';

const EDITABLE_FLAG = 'company_name_editable';

/** Without `fields`, everything but company_name_editable (FACTS §4.2). */
const DEFAULT_FIELDS = ADVERTISER_INFO_FIELDS.filter((field) => field !== EDITABLE_FLAG);

function wireRecord(advertiser: Advertiser): Record<string, unknown> {
	return {
		...advertiser.profile,
		advertiser_id: advertiser.advertiserId,
		name: advertiser.name,
		owner_bc_id: advertiser.businessCenterId,
	};
}

/** GET /open_api/v1.3/advertiser/info/ */
function advertiserInfo(context: RouteContext): RouteReply {
	const { world, params, environment } = context;
	const token = callerToken(context);
	const advertiserIds = [...new Set(stringList(params, 'advertiser_ids'))];
	const requested = optionalStringList(params, 'fields');
	let fields: readonly string[];
	if (requested === undefined) fields = DEFAULT_FIELDS;
	// Asking for company_name_editable returns only it (and the ID).
	else if (requested.includes(EDITABLE_FLAG)) fields = ['advertiser_id', EDITABLE_FLAG];
	// Otherwise exactly the fields asked for: no source says the ID comes back unasked.
	else fields = requested;

	const list = advertiserIds.map((advertiserId) => {
		const advertiser = world.advertiser(advertiserId);
		if (
			!advertiser ||
			advertiser.environment !== environment ||
			!token.advertiserIds.includes(advertiserId)
		) {
			throw noPermission(
				`advertiser_ids: no permission for advertiser ${advertiserId}; the access token is not authorized for it`,
			);
		}
		const record = wireRecord(advertiser);
		return Object.fromEntries(fields.map((field) => [field, record[field] ?? '']));
	});
	return ok({ list });
}

export const advertiserRoutes: readonly RouteDefinition[] = [
	{
		method: 'GET',
		path: '/advertiser/info/',
		api: true,
		validate: true,
		authentication: 'token',
		scope: SCOPE.readAdAccount,
		handle: advertiserInfo,
	},
];
