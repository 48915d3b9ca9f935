import { CsvRecordSplitter, type CsvDelimiter } from './csv';
import { DelimiterDetection } from './delimiter';
import { CustomerFileError } from './fileError';
import { readHeader } from './headers';
import type { IdentifierType } from './types';

export interface CustomerFileColumns {
	types: IdentifierType[];
	/**
	 * Columns whose header names an MD5 type (IDFA_MD5, GAID_MD5, MAID_MD5, FIRST_MD5): the file
	 * says their 32-hex values are MD5 digests, not device IDs written without hyphens.
	 */
	md5DigestColumns: boolean[];
	/** The delimiter the file was read with. */
	delimiter: CsvDelimiter;
}

export interface CustomerFileReaderOptions {
	/** The columns of a file without a header row, read positionally. */
	declaredTypes?: IdentifierType[];
	/** The file's delimiter; undefined to detect it from the header row (comma without one). */
	delimiter?: CsvDelimiter;
	/** Called once, before any row: with the header's identifier columns, or the declared ones. */
	onColumns: (columns: CustomerFileColumns) => void;
	/** Called for each row, with one value per column. */
	onRow: (row: string[]) => void;
}

const NO_HEADER_MESSAGE =
	'The customer file has no header row naming its columns (such as EMAIL, PHONE or MAID); add one or choose the identifier type';

/**
 * Reads the decoded text of a customer file as it comes: the first record sets the columns (a
 * header row naming identifier columns, or else the declared types read positionally), and every
 * later record is one row. Columns a header does not name are ignored.
 */
export class CustomerFileText {
	private splitter: CsvRecordSplitter | undefined;

	/** Until the delimiter is known: what reads the start of the file to find it. */
	private detection: DelimiterDetection | undefined;

	private delimiter: CsvDelimiter = ',';

	private columns: CustomerFileColumns | undefined;

	/** Where the header's columns are in each record; undefined when read positionally. */
	private positions: number[] | undefined;

	/** Whether a record holding exactly the columns can be handed on as it is. */
	private recordIsRow = false;

	constructor(private readonly options: CustomerFileReaderOptions) {
		if (options.delimiter === undefined) this.detection = new DelimiterDetection();
		else this.startSplitter(options.delimiter);
	}

	write(text: string): void {
		if (this.splitter !== undefined) {
			this.splitter.write(text);
			return;
		}
		const detection = this.detection as DelimiterDetection;
		const delimiter = detection.write(text);
		if (delimiter !== undefined) this.startAfterDetection(delimiter, detection);
	}

	/** Call after the last text: reads the last record; a file without rows still needs columns. */
	end(): void {
		if (this.splitter === undefined) {
			const detection = this.detection as DelimiterDetection;
			this.startAfterDetection(detection.end(), detection);
		}
		(this.splitter as CsvRecordSplitter).end();
		if (this.columns === undefined) this.useDeclaredTypes();
	}

	private startSplitter(delimiter: CsvDelimiter): CsvRecordSplitter {
		this.delimiter = delimiter;
		this.splitter = new CsvRecordSplitter(delimiter, (cells) => this.addRecord(cells));
		return this.splitter;
	}

	/** Reads the text kept for the detection, which is then let go. */
	private startAfterDetection(delimiter: CsvDelimiter, detection: DelimiterDetection): void {
		this.detection = undefined;
		this.startSplitter(delimiter).write(detection.text());
	}

	private addRecord(cells: string[]): void {
		if (this.columns === undefined && this.readColumns(cells)) return;
		const width = (this.columns as CustomerFileColumns).types.length;
		if (this.recordIsRow && cells.length === width) {
			this.options.onRow(cells);
			return;
		}
		const positions = this.positions;
		const row: string[] = new Array<string>(width);
		for (let column = 0; column < width; column++) {
			row[column] = cells[positions === undefined ? column : positions[column]] ?? '';
		}
		this.options.onRow(row);
	}

	/** Sets the columns from the first record; returns whether it was a header row. */
	private readColumns(cells: string[]): boolean {
		const header = readHeader(cells);
		if (header === undefined) {
			this.useDeclaredTypes();
			return false;
		}
		this.positions = header.positions;
		this.recordIsRow = header.positions.every((position, column) => position === column);
		this.setColumns({ types: header.types, md5DigestColumns: header.md5DigestColumns });
		return true;
	}

	private useDeclaredTypes(): void {
		const declared = this.options.declaredTypes;
		if (declared === undefined || declared.length === 0) {
			throw new CustomerFileError('noHeader', NO_HEADER_MESSAGE);
		}
		this.recordIsRow = true;
		this.setColumns({ types: [...declared], md5DigestColumns: declared.map(() => false) });
	}

	private setColumns(columns: Omit<CustomerFileColumns, 'delimiter'>): void {
		this.columns = { ...columns, delimiter: this.delimiter };
		this.options.onColumns(this.columns);
	}
}
