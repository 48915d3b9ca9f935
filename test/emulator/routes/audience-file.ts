import { parseCustomerFile, sameCalculateType } from '../customer-file';
import { ApiError, ERROR_CODE, invalidParameter } from '../errors';
import type { MultipartFile } from '../multipart';
import type { Environment } from '../types';
import type { StoredFile, World } from '../world';
import { md5Hex } from '../world';
import type { RouteContext, RouteReply } from './common';
import { ok, optionalString, stringParam } from './common';

// Customer files: POST /dmp/custom_audience/file/upload/, and the `file_paths` that create and
// update name.

const CUSTOMER_FILE_SUFFIX = /\.(?:csv|txt)$/;

export /** Files named by `file_paths`: each must exist, belong to the advertiser and match the type. */
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

export function unionOfFiles(files: readonly StoredFile[]): Set<string> {
	const members = new Set<string>();
	for (const file of files) for (const digest of file.digests) members.add(digest);
	return members;
}

// -- upload ------------------------------------------------------------------------------------

export function uploadFile({ world, params, environment }: RouteContext): RouteReply {
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
