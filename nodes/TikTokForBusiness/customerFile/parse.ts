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

export interface CustomerFileColumns {
	types: IdentifierType[];
	/**
	 * Columns whose header names an MD5 type (IDFA_MD5, GAID_MD5, MAID_MD5, FIRST_MD5): the file
	 * says their 32-hex values are MD5 digests, not device IDs written without hyphens.
	 */
	md5DigestColumns: boolean[];
}

export interface ParsedCustomerFile extends CustomerFileColumns {
	rows: string[][];
}

export const NO_HEADER_MESSAGE =
	'The customer file has no header row naming its columns (such as EMAIL, PHONE or MAID); add one or choose the identifier type';

/**
 * Reads a customer file's lines as they come: the first non-blank line sets the columns (a header
 * row, or else the declared types read positionally), every later non-blank line is one row.
 */
export class CustomerFileLines {
	private columns: CustomerFileColumns | undefined;

	/** Positions of the named columns when the file has a header row. */
	private positions: number[] | undefined;

	constructor(
		private readonly declaredTypes: IdentifierType[] | undefined,
		private readonly onColumns: (columns: CustomerFileColumns) => void,
		private readonly onRow: (row: string[]) => void,
	) {}

	add(line: string): void {
		if (line.trim() === '') return;
		if (this.columns === undefined) {
			if (this.readHeader(line)) return;
		}
		const cells = splitCsvLine(line);
		const row =
			this.positions === undefined
				? (this.columns as CustomerFileColumns).types.map((_type, column) => cells[column] ?? '')
				: this.positions.map((column) => cells[column] ?? '');
		this.onRow(row);
	}

	/** Call after the last line: a file without rows still needs its columns. */
	end(): void {
		if (this.columns === undefined) this.useDeclaredTypes();
	}

	/** Sets the columns from the first line; returns whether that line was a header row. */
	private readHeader(line: string): boolean {
		const keys = splitCsvLine(line).map(headerKey);
		const named = keys.map(headerType);
		if (!named.some((type) => type !== undefined)) {
			this.useDeclaredTypes();
			return false;
		}
		const types: IdentifierType[] = [];
		const md5DigestColumns: boolean[] = [];
		const positions: number[] = [];
		named.forEach((type, column) => {
			if (type === undefined) return;
			types.push(type);
			md5DigestColumns.push(type !== 'email' && type !== 'phone' && keys[column].endsWith('md5'));
			positions.push(column);
		});
		this.positions = positions;
		this.setColumns({ types, md5DigestColumns });
		return true;
	}

	private useDeclaredTypes(): void {
		if (this.declaredTypes === undefined || this.declaredTypes.length === 0) {
			throw new Error(NO_HEADER_MESSAGE);
		}
		const types = [...this.declaredTypes];
		this.setColumns({ types, md5DigestColumns: types.map(() => false) });
	}

	private setColumns(columns: CustomerFileColumns): void {
		this.columns = columns;
		this.onColumns(columns);
	}
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
	let columns: CustomerFileColumns | undefined;
	const rows: string[][] = [];
	const lines = new CustomerFileLines(
		declaredTypes,
		(found) => (columns = found),
		(row) => rows.push(row),
	);
	for (const line of text.split(/\r\n|\n|\r/)) lines.add(line);
	lines.end();
	const { types, md5DigestColumns } = columns as CustomerFileColumns;
	return { types, rows, md5DigestColumns };
}
