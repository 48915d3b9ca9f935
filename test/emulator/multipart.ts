export interface MultipartFile {
	filename: string;
	contentType?: string;
	bytes: Buffer;
}

export interface MultipartBody {
	fields: Map<string, string[]>;
	files: Map<string, MultipartFile[]>;
}

const HEADER_END = Buffer.from('\r\n\r\n');

function boundaryOf(contentType: string): string | undefined {
	const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	return match?.[1] ?? match?.[2];
}

function dispositionParameter(disposition: string, name: string): string | undefined {
	const extended = new RegExp(`;\\s*${name}\\*=(?:UTF-8'[^']*')?([^;]+)`, 'i').exec(disposition);
	if (extended?.[1]) return decodeURIComponent(extended[1].trim());
	const quoted = new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(disposition);
	if (quoted?.[1] !== undefined) return quoted[1].replace(/\\(.)/g, '$1');
	const bare = new RegExp(`;\\s*${name}=([^;\\s]+)`, 'i').exec(disposition);
	return bare?.[1];
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}

/**
 * Parses a `multipart/form-data` body. Hand-written rather than `Response.formData()` so that a
 * large customer file stays one Buffer slice (no Blob copies) and parsing stays fast.
 */
export function parseMultipart(body: Buffer, contentType: string): MultipartBody | undefined {
	const boundary = boundaryOf(contentType);
	if (!boundary) return undefined;
	const delimiter = Buffer.from(`--${boundary}`);
	const result: MultipartBody = { fields: new Map(), files: new Map() };
	let position = body.indexOf(delimiter);
	if (position < 0) return undefined;
	for (;;) {
		position += delimiter.length;
		// '--' after a delimiter closes the body.
		if (body[position] === 0x2d && body[position + 1] === 0x2d) return result;
		if (body[position] === 0x0d && body[position + 1] === 0x0a) position += 2;
		const headerEnd = body.indexOf(HEADER_END, position);
		if (headerEnd < 0) return undefined;
		const headerText = body.subarray(position, headerEnd).toString('utf8');
		const contentStart = headerEnd + HEADER_END.length;
		const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), contentStart);
		if (next < 0) return undefined;
		const content = body.subarray(contentStart, next);
		position = next + 2;

		const headers = new Map<string, string>();
		for (const line of headerText.split('\r\n')) {
			const colon = line.indexOf(':');
			if (colon > 0) {
				headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
			}
		}
		const disposition = headers.get('content-disposition') ?? '';
		const name = dispositionParameter(disposition, 'name');
		if (name === undefined) continue;
		const filename = dispositionParameter(disposition, 'filename');
		if (filename === undefined) {
			push(result.fields, name, content.toString('utf8'));
		} else {
			push(result.files, name, {
				filename,
				contentType: headers.get('content-type'),
				bytes: content,
			});
		}
	}
}
