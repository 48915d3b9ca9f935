export { startEmulator, TikTokEmulator } from './server';
export type { Emulator } from './server';
export type {
	EmulatorOptions,
	Envelope,
	Environment,
	RecordedFile,
	RecordedRequest,
	RecordedResponse,
	TokenReplyShape,
} from './types';
export { ALL_SCOPES, DEFAULT_WORLD, SCOPE, customerEmail } from './seed';
export {
	AUDIENCE_TYPE,
	LOOKALIKE_SIZE_FACTOR,
	World,
	formatTikTokTime,
	md5Hex,
	sha256Hex,
} from './world';
export type {
	AdGroup,
	AddAdvertisersOptions,
	AddAudienceInput,
	AddAudiencesOptions,
	AddTokenInput,
	Advertiser,
	ApplyLogEntry,
	Audience,
	AudienceHistoryEntry,
	AuthCode,
	AuthorizationGrant,
	DeveloperApp,
	LookalikeSpec,
	ShareRecord,
	StoredFile,
	Token,
	TokenUser,
	WorldCounters,
} from './world';
export { FaultController, FAULT_MESSAGES } from './faults';
export type {
	FaultAction,
	FaultMatch,
	FaultPhase,
	FaultRule,
	FaultRuleState,
	FaultTiming,
} from './faults';
export { ERROR_CODE } from './errors';
export { CALCULATE_TYPES, COLUMN_TYPES } from './customer-file';
