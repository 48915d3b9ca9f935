import type { IdentifierType } from './types';

const HEADER_TYPES: Readonly<Record<string, IdentifierType>> = {
	email: 'email',
	emailaddress: 'email',
	emailsha256: 'email',
	phone: 'phone',
	phonenumber: 'phone',
	phonesha256: 'phone',
	maid: 'maid',
	maidsha256: 'maid',
	maidmd5: 'maid',
	first: 'maid',
	firstsha256: 'maid',
	firstmd5: 'maid',
	idfa: 'idfa',
	idfasha256: 'idfa',
	idfamd5: 'idfa',
	gaid: 'gaid',
	gaidsha256: 'gaid',
	gaidmd5: 'gaid',
	aaid: 'gaid',
	aaidsha256: 'gaid',
	aaidmd5: 'gaid',
};

function headerKey(cell: string): string {
	// "EMAIL_SHA256", "Email", "e-mail" and "Phone Number" all name a column the same way.
	return cell
		.trim()
		.toLowerCase()
		.replace(/[^a-z0-9]/g, '');
}

function headerType(key: string): IdentifierType | undefined {
	return Object.prototype.hasOwnProperty.call(HEADER_TYPES, key) ? HEADER_TYPES[key] : undefined;
}

/** Split one line into cells; a cell may be double-quoted, with "" standing for a quote. */
function splitCsvLine(line: string): string[] {
	if (line.indexOf('"') === -1) return line.split(',');
	const cells: string[] = [];
	let index = 0;
	for (;;) {
		while (index < line.length && (line[index] === ' ' || line[index] === '\t')) index++;
		let cell = '';
		if (line[index] === '"') {
			index++;
			for (;;) {
				const quote = line.indexOf('"', index);
				if (quote === -1) {
					cell += line.slice(index);
					index = line.length;
					break;
				}
				cell += line.slice(index, quote);
				if (line[quote + 1] === '"') {
					cell += '"';
					index = quote + 2;
				} else {
					index = quote + 1;
					break;
				}
			}
			const comma = line.indexOf(',', index);
			index = comma === -1 ? line.length : comma;
		} else {
			const comma = line.indexOf(',', index);
			const end = comma === -1 ? line.length : comma;
			cell = line.slice(index, end);
			index = end;
		}
		cells.push(cell);
		if (index >= line.length) return cells;
		index++; // past the comma
	}
}

export interface ParsedCustomerFile {
	types: IdentifierType[];
	rows: string[][];
	/**
	 * Columns whose header names an MD5 type (IDFA_MD5, GAID_MD5, MAID_MD5, FIRST_MD5): the file
	 * says their 32-hex values are MD5 digests, not device IDs written without hyphens.
	 */
	md5DigestColumns: boolean[];
}

/**
 * Read a customer file supplied by the user (CSV or TXT). A first row whose cells name
 * identifier types (EMAIL, PHONE_SHA256, MAID_MD5, IDFA, GAID, "Email", …) sets the columns and
 * columns it does not name are ignored; without such a row every column is read positionally as
 * `declaredTypes`. Blank lines are skipped; a UTF-8 BOM and CRLF line endings are accepted.
 */
export function parseCustomerFile(
	content: Buffer | string,
	declaredTypes?: IdentifierType[],
): ParsedCustomerFile {
	let text = typeof content === 'string' ? content : content.toString('utf8');
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

	const lines = text.split(/\r\n|\n|\r/);
	let lineIndex = 0;
	while (lineIndex < lines.length && lines[lineIndex].trim() === '') lineIndex++;

	let types: IdentifierType[];
	let md5DigestColumns: boolean[];
	let columns: number[] | undefined;
	const firstKeys = lineIndex < lines.length ? splitCsvLine(lines[lineIndex]).map(headerKey) : [];
	const firstTypes = firstKeys.map(headerType);
	if (firstTypes.some((type) => type !== undefined)) {
		types = [];
		md5DigestColumns = [];
		columns = [];
		firstTypes.forEach((type, column) => {
			if (type === undefined) return;
			types.push(type);
			md5DigestColumns.push(
				type !== 'email' && type !== 'phone' && firstKeys[column].endsWith('md5'),
			);
			columns?.push(column);
		});
		lineIndex++;
	} else if (declaredTypes !== undefined && declaredTypes.length > 0) {
		types = [...declaredTypes];
		md5DigestColumns = types.map(() => false);
	} else {
		throw new Error(
			'The customer file has no header row naming its columns (such as EMAIL, PHONE or MAID); add one or choose the identifier type',
		);
	}

	const rows: string[][] = [];
	for (; lineIndex < lines.length; lineIndex++) {
		const line = lines[lineIndex];
		if (line.trim() === '') continue;
		const cells = splitCsvLine(line);
		rows.push(
			columns === undefined
				? types.map((_type, column) => cells[column] ?? '')
				: columns.map((column) => cells[column] ?? ''),
		);
	}
	return { types, rows, md5DigestColumns };
}
