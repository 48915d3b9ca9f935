import { CSV_DELIMITERS, type CsvDelimiter } from './csv';
import type { IdentifierType } from './types';

/**
 * The header names of identifier columns, as compared: lower case, letters and digits only
 * ("E-mail", "EMAIL_SHA256" and "Phone Number" qualify). Other columns are ignored, so no name of
 * a column users keep for themselves may appear here: bare "first" is a first-name column, not
 * TikTok's FIRST_SHA256.
 */
const IDENTIFIER_COLUMN_NAMES: Readonly<Record<IdentifierType, readonly string[]>> = {
	email: ['email', 'emailaddress', 'emailsha256'],
	phone: ['phone', 'phonenumber', 'phonesha256'],
	idfa: ['idfa', 'idfasha256', 'idfamd5'],
	gaid: ['gaid', 'gaidsha256', 'gaidmd5', 'aaid', 'aaidsha256', 'aaidmd5'],
	maid: ['maid', 'maidsha256', 'maidmd5', 'firstsha256', 'firstmd5'],
};

const TYPE_BY_NAME: ReadonlyMap<string, IdentifierType> = new Map(
	(Object.keys(IDENTIFIER_COLUMN_NAMES) as IdentifierType[]).flatMap((type) =>
		IDENTIFIER_COLUMN_NAMES[type].map((name) => [name, type] as const),
	),
);

function columnName(cell: string): string {
	return cell.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The identifier type a header cell names, if it names one. */
function identifierColumnType(cell: string): IdentifierType | undefined {
	return TYPE_BY_NAME.get(columnName(cell));
}

export interface HeaderColumns {
	types: IdentifierType[];
	md5DigestColumns: boolean[];
	/** Where each identifier column is in the record. */
	positions: number[];
}

/** The identifier columns a header record names; undefined if it names none (no header row). */
export function readHeader(cells: readonly string[]): HeaderColumns | undefined {
	const header: HeaderColumns = { types: [], md5DigestColumns: [], positions: [] };
	cells.forEach((cell, position) => {
		const name = columnName(cell);
		const type = TYPE_BY_NAME.get(name);
		if (type === undefined) return;
		header.types.push(type);
		// A mobile-ID header ending in MD5 declares digests, not IDs written without hyphens.
		header.md5DigestColumns.push(type !== 'email' && type !== 'phone' && name.endsWith('md5'));
		header.positions.push(position);
	});
	return header.types.length > 0 ? header : undefined;
}

/**
 * The delimiter of a file from its first record as each candidate reads it (undefined where a
 * candidate found none): the one naming the most identifier columns, then the one giving more
 * cells, then the earlier candidate. Comma when no candidate finds a header row.
 */
export function chooseDelimiter(
	firstRecord: (delimiter: CsvDelimiter) => readonly string[] | undefined,
): CsvDelimiter {
	let chosen: CsvDelimiter = ',';
	let mostNamed = 0;
	let mostCells = 0;
	for (const delimiter of CSV_DELIMITERS) {
		const cells = firstRecord(delimiter);
		if (cells === undefined) continue;
		const named = cells.filter((cell) => identifierColumnType(cell) !== undefined).length;
		if (named > mostNamed || (named > 0 && named === mostNamed && cells.length > mostCells)) {
			chosen = delimiter;
			mostNamed = named;
			mostCells = cells.length;
		}
	}
	return chosen;
}
