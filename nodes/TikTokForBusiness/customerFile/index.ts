// The customer-file engine, pure and streamed: read a customer file (RFC 4180, the delimiter
// detected from its header) or rows of identifiers, normalise and hash each identifier, drop and
// count what cannot be used, remove repeats, and write TikTok's customer files.
export {
	CustomerFileBuilder,
	TooManyFilesError,
	type CustomerFileBuilderOptions,
	type CustomerFileSummary,
} from './builder';
export type { CalculateType } from './columns';
export { CustomerFileError } from './fileError';
export type { CsvDelimiter } from './csv';
export { CustomerFileReader, type CustomerFileColumns } from './stream';
export type { CustomerFile } from './storedFile';
export type { IdentifierType, NormaliseOptions } from './types';
