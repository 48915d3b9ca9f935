// Reading the node's parameters for one item: TikTok IDs and ID lists, audience names, numbers.
// Each reader fails the item with a message that names the field when a value cannot be used.
export { checkId, checkIdList, readAudienceTarget, readId, readIdList, type IdListRule } from './ids';
export { checkAudienceName, isNamed, readAudienceName } from './names';
export { checkNumber, readLimit, readOptionalNumber, type NumberRule } from './numbers';
