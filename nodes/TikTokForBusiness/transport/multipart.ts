import { randomBytes } from 'crypto';

/**
 * Bytes to keep free on either side of a file's content so that its upload framing can be
 * written around it in place (see UploadableFile.wrap). The framing of an upload is far smaller.
 */
export const UPLOAD_FRAMING_ROOM = 2048;

export interface MultipartFrame {
	contentType: string;
	/** Everything before the file's bytes: the text fields and the file part's headers. */
	before: Buffer;
	/** Everything after the file's bytes: the closing boundary. */
	after: Buffer;
}

function quoted(value: string): string {
	return value.replace(/["\r\n\\]/g, '_');
}

/**
 * A multipart/form-data body around one file, as two pieces to put before and after the file's
 * bytes. Built by hand so that a large file can be sent without copying it into a form object.
 */
export function multipartFrame(
	fields: Record<string, string>,
	file: { field: string; fileName: string; contentType: string },
): MultipartFrame {
	const boundary = `----n8nTikTokForBusiness${randomBytes(12).toString('hex')}`;
	let before = '';
	for (const [name, value] of Object.entries(fields)) {
		before += `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}\r\n`;
	}
	before +=
		`--${boundary}\r\nContent-Disposition: form-data; name="${quoted(file.field)}"; ` +
		`filename="${quoted(file.fileName)}"\r\nContent-Type: ${file.contentType}\r\n\r\n`;
	return {
		contentType: `multipart/form-data; boundary=${boundary}`,
		before: Buffer.from(before, 'utf8'),
		after: Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
	};
}
