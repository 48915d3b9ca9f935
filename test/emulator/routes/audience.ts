import { SCOPE } from '../seed';
import type { RouteContext, RouteDefinition, RouteReply } from './common';
import {
	audienceListItem,
	describeCount,
	ok,
	optionalBoolean,
	optionalInteger,
	optionalString,
	optionalStringList,
	paginate,
	requireOwnedAudience,
	requireVisibleAudience,
	stringList,
	stringParam,
} from './common';
import { applyAudience, applyLog } from './audience-apply';
import { resolveFiles, unionOfFiles, uploadFile } from './audience-file';
import { createLookalike, refreshLookalikes } from './audience-lookalike';
import { cancelShare, shareAudiences, shareLog } from './audience-share';
import { updateAudience } from './audience-update';

// The custom audience endpoints (/dmp/custom_audience/*): create, delete, list and get here, the
// others in audience-*.ts; the route table of all of them at the end.

// -- create, delete ---------------------------------------------------------------------------

function createAudience({ world, params, environment }: RouteContext): RouteReply {
	const advertiserId = stringParam(params, 'advertiser_id');
	const calculateType = stringParam(params, 'calculate_type');
	const filePaths = stringList(params, 'file_paths');
	const files = resolveFiles(world, environment, advertiserId, filePaths, calculateType);
	const members = unionOfFiles(files);
	const audience = world.addAudience({
		advertiserId,
		name: stringParam(params, 'custom_audience_name'),
		calculateType,
		members,
		filePaths: files.map((file) => file.filePath),
		audienceSubType: optionalString(params, 'audience_sub_type'),
		retentionInDays: optionalInteger(params, 'retention_in_days'),
		audienceEnhancement: optionalBoolean(params, 'audience_enhancement'),
	});
	world.startMatching(audience, 0);
	world.addHistory(
		audience,
		'CREATE',
		`Created from ${describeCount(files.length, 'file')} with ${describeCount(members.size, 'ID')}`,
	);
	world.counters.audiencesCreated++;
	return ok({ custom_audience_id: audience.audienceId });
}

function deleteAudiences({ world, params }: RouteContext): RouteReply {
	const advertiserId = stringParam(params, 'advertiser_id');
	const audiences = stringList(params, 'custom_audience_ids').map((audienceId, index) =>
		requireOwnedAudience(world, advertiserId, audienceId, `custom_audience_ids[${index}]`),
	);
	for (const audience of new Set(audiences)) {
		world.deleteAudience(audience.audienceId);
		world.counters.audiencesDeleted++;
	}
	return ok();
}

// -- reading --------------------------------------------------------------------------------

function listAudiences({ world, params }: RouteContext): RouteReply {
	const advertiserId = stringParam(params, 'advertiser_id');
	const wanted = optionalStringList(params, 'custom_audience_ids');
	let audiences = world.visibleAudiences(advertiserId);
	if (wanted !== undefined) {
		const ids = new Set(wanted);
		audiences = audiences.filter((audience) => ids.has(audience.audienceId));
	}
	const page = optionalInteger(params, 'page') ?? 1;
	const pageSize = optionalInteger(params, 'page_size') ?? 10;
	const { list, page_info } = paginate(audiences, page, pageSize);
	return ok({
		list: list.map((audience) => audienceListItem(world, audience, advertiserId)),
		page_info,
	});
}

function getAudiences({ world, params }: RouteContext): RouteReply {
	const advertiserId = stringParam(params, 'advertiser_id');
	const historySize = optionalInteger(params, 'history_size') ?? 100;
	const audiences = stringList(params, 'custom_audience_ids').map((audienceId, index) =>
		requireVisibleAudience(world, advertiserId, audienceId, `custom_audience_ids[${index}]`),
	);
	const list = audiences.map((audience) => ({
		audience_details: {
			...audienceListItem(world, audience, advertiserId),
			audience_enhancement: audience.audienceEnhancement,
			enhancement_status: audience.audienceEnhancement ? 'ENHANCED' : 'NOT_ENHANCED',
		},
		audience_history: audience.history.slice(-historySize).reverse(),
	}));
	return ok({ list });
}

// -- route table ----------------------------------------------------------------------------

function route(
	method: 'GET' | 'POST',
	path: string,
	scope: number,
	handle: RouteDefinition['handle'],
): RouteDefinition {
	return { method, path, api: true, validate: true, authentication: 'token', scope, handle };
}

const READ = SCOPE.readAudiences;
const MANAGE = SCOPE.manageAudiences;
const SHARE = SCOPE.shareAudiences;

export const audienceRoutes: readonly RouteDefinition[] = [
	route('POST', '/dmp/custom_audience/file/upload/', MANAGE, uploadFile),
	route('POST', '/dmp/custom_audience/create/', MANAGE, createAudience),
	route('POST', '/dmp/custom_audience/update/', MANAGE, updateAudience),
	route('POST', '/dmp/custom_audience/delete/', MANAGE, deleteAudiences),
	route('GET', '/dmp/custom_audience/list/', READ, listAudiences),
	route('GET', '/dmp/custom_audience/get/', READ, getAudiences),
	route('POST', '/dmp/custom_audience/share/', SHARE, shareAudiences),
	route('POST', '/dmp/custom_audience/share/cancel/', SHARE, cancelShare),
	route('GET', '/dmp/custom_audience/share/log/', READ, shareLog),
	route('POST', '/dmp/custom_audience/lookalike/create/', MANAGE, createLookalike),
	route('POST', '/dmp/custom_audience/lookalike/update/', MANAGE, refreshLookalikes),
	route('POST', '/dmp/custom_audience/apply/', MANAGE, applyAudience),
	route('GET', '/dmp/custom_audience/apply/log/', READ, applyLog),
];
