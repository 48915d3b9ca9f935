import { parseCustomerFile, sameCalculateType } from '../customer-file';
import { ApiError, ERROR_CODE, invalidParameter } from '../errors';
import type { MultipartFile } from '../multipart';
import { SCOPE } from '../seed';
import type { Audience, LookalikeSpec, StoredFile, UsageMode, World } from '../world';
import { LOOKALIKE_SIZE_FACTOR, formatTikTokTime, md5Hex } from '../world';
import type { Environment } from '../types';
import type { RouteContext, RouteDefinition, RouteReply } from './common';
import {
	audienceListItem,
	isLookalike,
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

const CUSTOMER_FILE_SUFFIX = /\.(?:csv|txt)$/;
const MINIMUM_LOOKALIKE_SOURCE_SIZE = 100;

/** The audience named by `custom_audience_id`, which the advertiser must own. */
function ownedAudienceParam(
	world: World,
	params: Record<string, unknown>,
	advertiserId: string,
): Audience {
	return requireOwnedAudience(
		world,
		advertiserId,
		stringParam(params, 'custom_audience_id'),
		'custom_audience_id',
	);
}

function describeCount(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Files named by `file_paths`: each must exist, belong to the advertiser and match the type. */
function resolveFiles(
	world: World,
	environment: Environment,
	advertiserId: string,
	filePaths: readonly string[],
	calculateType: string,
): StoredFile[] {
	return filePaths.map((filePath, index) => {
		const file = world.file(filePath);
		if (!file || file.advertiserId !== advertiserId || file.environment !== environment) {
			throw invalidParameter(
				`file_paths[${index}]: file ${filePath} does not exist or was not uploaded by advertiser ${advertiserId}`,
			);
		}
		if (!sameCalculateType(file.calculateType, calculateType)) {
			throw invalidParameter(
				`file_paths[${index}]: file ${filePath} was uploaded with calculate_type ${file.calculateType}, not ${calculateType}`,
			);
		}
		return file;
	});
}

function unionOfFiles(files: readonly StoredFile[]): Set<string> {
	const members = new Set<string>();
	for (const file of files) for (const digest of file.digests) members.add(digest);
	return members;
}

// -- upload ------------------------------------------------------------------------------------

function uploadFile({ world, params, environment }: RouteContext): RouteReply {
	const advertiserId = stringParam(params, 'advertiser_id');
	const calculateType = stringParam(params, 'calculate_type');
	const file = params.file as MultipartFile;
	if (!CUSTOMER_FILE_SUFFIX.test(file.filename)) {
		throw new ApiError(
			ERROR_CODE.fileTypeUnsupported,
			`file: unsupported file type ${JSON.stringify(file.filename)}; the file name must end in .csv or .txt`,
		);
	}
	// No spec file states a size limit; the Help Center's "< 1 GB" is the only figure (FACTS §5.1)
	// and 40907 is TikTok's "file is too large" (FACTS §3.3).
	if (file.bytes.length >= world.fileSizeLimitBytes) {
		throw new ApiError(
			ERROR_CODE.fileTooLarge,
			`file: the file is ${file.bytes.length} bytes; files must be smaller than ${world.fileSizeLimitBytes} bytes`,
		);
	}
	if (file.bytes.length === 0) {
		throw new ApiError(ERROR_CODE.fileEmpty, 'file: the file is empty.');
	}
	const md5 = md5Hex(file.bytes);
	const signature = stringParam(params, 'file_signature');
	if (signature.toLowerCase() !== md5) {
		throw new ApiError(
			ERROR_CODE.fileSignatureMismatch,
			`file_signature: ${signature} does not match the MD5 of the uploaded file (${md5})`,
		);
	}
	const parsed = parseCustomerFile(file.bytes, calculateType);
	const stored = world.addFile({
		advertiserId,
		environment,
		calculateType,
		name: optionalString(params, 'name') ?? file.filename,
		originalFileName: file.filename,
		size: file.bytes.length,
		md5,
		hasHeader: parsed.hasHeader,
		columns: parsed.columns,
		rows: parsed.rows,
		digests: parsed.digests,
	});
	world.counters.filesUploaded++;
	return ok({ file_path: stored.filePath });
}

// -- create, update, delete ------------------------------------------------------------------

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

type FileAction = 'APPEND' | 'REMOVE' | 'REPLACE';

function applyFileAction(
	current: ReadonlySet<string>,
	incoming: ReadonlySet<string>,
	action: FileAction,
): Set<string> {
	if (action === 'REPLACE') return new Set(incoming);
	const next = new Set(current);
	if (action === 'APPEND') for (const digest of incoming) next.add(digest);
	else for (const digest of incoming) next.delete(digest);
	return next;
}

function updateAudience({ world, params, environment }: RouteContext): RouteReply {
	const advertiserId = stringParam(params, 'advertiser_id');
	const audience = ownedAudienceParam(world, params, advertiserId);
	const newName = optionalString(params, 'custom_audience_name');
	const filePaths = optionalStringList(params, 'file_paths');
	const subType = optionalString(params, 'audience_sub_type');
	const enhancement = optionalBoolean(params, 'audience_enhancement');
	const action = (optionalString(params, 'action') ?? 'REPLACE') as FileAction;

	// dmp_custom_audience_update.yml, on both fields: "You must pass in either this field or
	// file_paths" / "… or custom_audience_name". audience_enhancement and audience_sub_type do not
	// stand in for them, and an empty file_paths names no file.
	if (filePaths !== undefined && filePaths.length === 0) {
		throw invalidParameter('file_paths: must have at least 1 item(s), got 0');
	}
	if (newName === undefined && filePaths === undefined) {
		const alone = [
			...(subType === undefined ? [] : ['audience_sub_type']),
			...(enhancement === undefined ? [] : ['audience_enhancement']),
		];
		throw invalidParameter(
			alone.length === 0
				? 'custom_audience_name or file_paths: pass at least one of them'
				: `custom_audience_name or file_paths: pass at least one of them; ${alone.join(' and ')} cannot be sent alone`,
		);
	}
	// FACTS §3.3: 40002 also means "the audience is currently being updated or under processing".
	if (world.isProcessing(audience)) {
		throw invalidParameter(
			`custom_audience_id: audience ${audience.audienceId} is still being processed after its last change; try again when processing has finished`,
		);
	}
	// Changing the sub type ignores every other change (spec).
	if (subType !== undefined) {
		if (isLookalike(audience)) {
			throw invalidParameter(
				'audience_sub_type: a lookalike audience cannot be changed to REACH_FREQUENCY',
			);
		}
		audience.audienceSubType = subType;
		world.addHistory(audience, 'UPDATE_SUB_TYPE', `audience_sub_type set to ${subType}`);
		world.touchExpiry(audience);
		world.counters.audiencesUpdated++;
		return ok();
	}

	let nextMembers: Set<string> | undefined;
	let files: StoredFile[] = [];
	if (filePaths !== undefined) {
		if (isLookalike(audience) || audience.calculateType === undefined) {
			throw invalidParameter('file_paths: a lookalike audience cannot take customer files');
		}
		files = resolveFiles(world, environment, advertiserId, filePaths, audience.calculateType);
		nextMembers = applyFileAction(audience.members, unionOfFiles(files), action);
		if (nextMembers.size < world.minimumAudienceSize) {
			throw invalidParameter(
				`file_paths: after ${action} the audience would have ${nextMembers.size} IDs, below the minimum of ${world.minimumAudienceSize}; the audience was not changed`,
			);
		}
	}

	if (newName !== undefined && newName !== audience.name) {
		world.addHistory(
			audience,
			'RENAME',
			`Renamed from ${JSON.stringify(audience.name)} to ${JSON.stringify(newName)}`,
		);
		audience.name = newName;
	}
	if (nextMembers !== undefined) {
		const before = audience.members.size;
		audience.members = nextMembers;
		world.startMatching(audience, before);
		audience.filePaths =
			action === 'REPLACE'
				? files.map((file) => file.filePath)
				: [...audience.filePaths, ...files.map((file) => file.filePath)];
		world.addHistory(
			audience,
			action,
			`${action} with ${describeCount(files.length, 'file')}: ${before} -> ${nextMembers.size} IDs`,
		);
	}
	if (enhancement !== undefined) audience.audienceEnhancement = enhancement;
	world.touchExpiry(audience);
	world.counters.audiencesUpdated++;
	return ok();
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

// -- sharing --------------------------------------------------------------------------------

function shareAudiences({ world, params, environment }: RouteContext): RouteReply {
	const advertiserId = stringParam(params, 'advertiser_id');
	const owner = world.advertiser(advertiserId);
	const audiences = stringList(params, 'custom_audience_ids').map((audienceId, index) =>
		requireOwnedAudience(world, advertiserId, audienceId, `custom_audience_ids[${index}]`),
	);
	const targets = stringList(params, 'shared_advertiser_ids').map((targetId, index) => {
		const target = world.advertiser(targetId);
		const parameter = `shared_advertiser_ids[${index}]`;
		if (!target || target.environment !== environment) {
			throw invalidParameter(`${parameter}: advertiser ${targetId} does not exist`);
		}
		if (targetId === advertiserId) {
			throw invalidParameter(`${parameter}: an advertiser cannot share audiences with itself`);
		}
		if (target.businessCenterId !== owner?.businessCenterId) {
			throw invalidParameter(
				`${parameter}: advertiser ${targetId} is not in the same Business Center as advertiser ${advertiserId}`,
			);
		}
		return target;
	});
	for (const audience of audiences) {
		for (const target of targets) {
			audience.sharedWith.set(target.advertiserId, {
				advertiserId: target.advertiserId,
				status: 'SHARED',
				changedAt: world.now(),
			});
			world.addHistory(audience, 'SHARE', `Shared with advertiser ${target.advertiserId}`);
			world.counters.sharesAdded++;
		}
	}
	return ok();
}

function cancelShare({ world, params }: RouteContext): RouteReply {
	const advertiserId = stringParam(params, 'advertiser_id');
	const audience = ownedAudienceParam(world, params, advertiserId);
	const targetId = stringParam(params, 'shared_advertiser_id');
	const share = audience.sharedWith.get(targetId);
	if (!share || share.status !== 'SHARED') {
		throw invalidParameter(
			`shared_advertiser_id: audience ${audience.audienceId} is not shared with advertiser ${targetId}`,
		);
	}
	share.status = 'CANCELLED';
	share.changedAt = world.now();
	world.addHistory(audience, 'CANCEL_SHARE', `Stopped sharing with advertiser ${targetId}`);
	world.counters.sharesCancelled++;
	return ok();
}

function shareLog({ world, params }: RouteContext): RouteReply {
	const advertiserId = stringParam(params, 'advertiser_id');
	const audience = ownedAudienceParam(world, params, advertiserId);
	const list = [...audience.sharedWith.values()].map((share) => ({
		custom_audience_id: audience.audienceId,
		shared_advertiser_id: share.advertiserId,
		shared_advertiser_name: world.advertiser(share.advertiserId)?.name ?? '',
		status: share.status,
	}));
	return ok({ list });
}

// -- lookalikes -----------------------------------------------------------------------------

function createLookalike({ world, params }: RouteContext): RouteReply {
	const advertiserId = stringParam(params, 'advertiser_id');
	const spec = params.lookalike_spec as LookalikeSpec;
	const source = requireVisibleAudience(
		world,
		advertiserId,
		spec.source_audience_id,
		'lookalike_spec.source_audience_id',
	);
	if (isLookalike(source)) {
		throw invalidParameter(
			`lookalike_spec.source_audience_id: audience ${source.audienceId} is a lookalike audience and cannot be a source`,
		);
	}
	// The seed must have 100 matched users (spec); while it is processing, only its last match counts.
	const sourceSize = world.coverNum(source);
	if (sourceSize < MINIMUM_LOOKALIKE_SOURCE_SIZE) {
		throw invalidParameter(
			`lookalike_spec.source_audience_id: the source audience has ${sourceSize} IDs; at least ${MINIMUM_LOOKALIKE_SOURCE_SIZE} are needed`,
		);
	}
	const factor = LOOKALIKE_SIZE_FACTOR[spec.audience_size] ?? 1;
	const audience = world.addAudience({
		advertiserId,
		name: stringParam(params, 'custom_audience_name'),
		lookalikeSpec: {
			source_audience_id: spec.source_audience_id,
			include_source: spec.include_source,
			mobile_os: spec.mobile_os,
			placements: [...spec.placements],
			location_ids: [...spec.location_ids],
			audience_size: spec.audience_size,
		},
		lookalikeSize: sourceSize * factor + (spec.include_source ? sourceSize : 0),
	});
	world.startMatching(audience, 0);
	world.addHistory(audience, 'CREATE', `Lookalike of audience ${source.audienceId}`);
	world.counters.lookalikesCreated++;
	return ok({ custom_audience_id: audience.audienceId });
}

function refreshLookalikes({ world, params }: RouteContext): RouteReply {
	const advertiserId = stringParam(params, 'advertiser_id');
	const audiences = stringList(params, 'custom_audience_ids').map((audienceId, index) => {
		const parameter = `custom_audience_ids[${index}]`;
		const audience = requireOwnedAudience(world, advertiserId, audienceId, parameter);
		if (!isLookalike(audience)) {
			throw invalidParameter(`${parameter}: audience ${audienceId} is not a lookalike audience`);
		}
		if (world.isProcessing(audience)) {
			throw invalidParameter(
				`${parameter}: audience ${audienceId} is still being processed; try again when processing has finished`,
			);
		}
		return audience;
	});
	for (const audience of audiences) {
		world.startMatching(audience, world.audienceSize(audience));
		world.addHistory(audience, 'REFRESH', 'Lookalike audience refreshed');
		world.touchExpiry(audience);
		world.counters.lookalikesRefreshed++;
	}
	return ok();
}

// -- applying to ad groups ------------------------------------------------------------------

function checkSubTypeFits(audience: Audience, reachAndFrequency: boolean, parameter: string): void {
	if (reachAndFrequency && isLookalike(audience)) {
		throw invalidParameter(
			`${parameter}: a lookalike audience cannot be used in a Reach & Frequency ad group`,
		);
	}
	if (reachAndFrequency !== (audience.audienceSubType === 'REACH_FREQUENCY')) {
		throw invalidParameter(
			reachAndFrequency
				? `${parameter}: a Reach & Frequency ad group needs a REACH_FREQUENCY audience, and audience ${audience.audienceId} is ${audience.audienceSubType}`
				: `${parameter}: audience ${audience.audienceId} is REACH_FREQUENCY and can only be used in Reach & Frequency ad groups`,
		);
	}
}

function applyAudience({ world, params }: RouteContext): RouteReply {
	const advertiserId = stringParam(params, 'advertiser_id');
	const audience = requireVisibleAudience(
		world,
		advertiserId,
		stringParam(params, 'custom_audience_id'),
		'custom_audience_id',
	);
	const mode = stringParam(params, 'action_mode');
	const usageMode = optionalString(params, 'usage_mode') as UsageMode | undefined;
	if (mode === 'Apply' && usageMode === undefined) {
		throw invalidParameter('usage_mode: is required when action_mode is Apply');
	}
	const adGroups = stringList(params, 'adgroup_ids').map((adgroupId, index) => {
		const parameter = `adgroup_ids[${index}]`;
		const adGroup = world.adGroup(adgroupId);
		if (!adGroup || adGroup.advertiserId !== advertiserId) {
			throw invalidParameter(
				`${parameter}: ad group ${adgroupId} does not exist under advertiser ${advertiserId}`,
			);
		}
		if (mode === 'Apply') checkSubTypeFits(audience, adGroup.reachAndFrequency, parameter);
		return adGroup;
	});
	for (const adGroup of adGroups) {
		if (mode === 'Apply' && usageMode !== undefined) {
			adGroup.audiences.set(audience.audienceId, usageMode);
			world.applyLog.push({
				advertiserId,
				audience_id: audience.audienceId,
				adgroup_id: adGroup.adgroupId,
				adgroup_name: adGroup.name,
				usage_mode: usageMode,
				editor: 'open_api',
				action_timestamp: formatTikTokTime(world.now()),
			});
		} else {
			adGroup.audiences.delete(audience.audienceId);
		}
	}
	if (mode === 'Apply') world.touchExpiry(audience);
	world.counters.applyActions++;
	return ok();
}

function applyLog({ world, params }: RouteContext): RouteReply {
	const advertiserId = stringParam(params, 'advertiser_id');
	const audienceIds = new Set(
		stringList(params, 'custom_audience_ids').map(
			(audienceId, index) =>
				requireOwnedAudience(world, advertiserId, audienceId, `custom_audience_ids[${index}]`)
					.audienceId,
		),
	);
	const entries = world.applyLog
		.filter((entry) => entry.advertiserId === advertiserId && audienceIds.has(entry.audience_id))
		.reverse()
		.map((entry) => ({
			audience_id: entry.audience_id,
			adgroup_id: entry.adgroup_id,
			adgroup_name: entry.adgroup_name,
			usage_mode: entry.usage_mode,
			editor: entry.editor,
			action_timestamp: entry.action_timestamp,
		}));
	const page = optionalInteger(params, 'page') ?? 1;
	const pageSize = optionalInteger(params, 'page_size') ?? 10;
	return ok({ advertiser_id: advertiserId, ...paginate(entries, page, pageSize) });
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
