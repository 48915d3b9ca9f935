import { invalidParameter } from '../errors';
import type { StoredFile } from '../world';
import { AUDIENCE_TYPE } from '../world';
import type { RouteContext, RouteReply } from './common';
import {
	describeCount,
	isLookalike,
	ok,
	optionalBoolean,
	optionalString,
	optionalStringList,
	ownedAudienceParam,
	stringParam,
} from './common';
import { resolveFiles, unionOfFiles } from './audience-file';

// POST /dmp/custom_audience/update/: rename, member changes with files (APPEND, REMOVE,
// REPLACE), sub type and enhancement, with the rules of dmp_custom_audience_update.yml.

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

export function updateAudience({ world, params, environment }: RouteContext): RouteReply {
	const advertiserId = stringParam(params, 'advertiser_id');
	const audience = ownedAudienceParam(world, params, advertiserId);
	const newName = optionalString(params, 'custom_audience_name');
	const filePaths = optionalStringList(params, 'file_paths');
	const subType = optionalString(params, 'audience_sub_type');
	const enhancement = optionalBoolean(params, 'audience_enhancement');
	const action = (optionalString(params, 'action') ?? 'REPLACE') as FileAction;

	// dmp_custom_audience_update.yml, on both fields: "You must pass in either this field or
	// file_paths" / "… or custom_audience_name". audience_enhancement and audience_sub_type do not
	// stand in for them, and an empty file_paths names no file. The file sets no minItems on
	// file_paths, but a REPLACE (the default action) with no file would leave 0 IDs, and `action`
	// says every operation "will fail if the audience size is less than 1,000 after the
	// operation": refused whatever minimumAudienceSize is, so an empty list never empties it.
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
		// The spec: "The files must be encrypted with the same encryption method/type with the
		// audience"; only a customer-file audience has one (FACTS §5.1), a lookalike has none.
		if (isLookalike(audience) || audience.calculateType === undefined) {
			throw invalidParameter(
				`file_paths: audience ${audience.audienceId} is a ${audience.audienceType}, not a ${AUDIENCE_TYPE.customerFile}; a lookalike audience takes no customer files`,
			);
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
