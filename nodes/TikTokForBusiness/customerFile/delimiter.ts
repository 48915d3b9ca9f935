import { CSV_DELIMITERS, CsvRecordSplitter, MAX_RECORD_LENGTH, type CsvDelimiter } from './csv';
import { chooseDelimiter } from './headers';

/** How much of the start of a file is searched for its first record. */
const SEARCHED_LENGTH = MAX_RECORD_LENGTH;

/** The first record of a file as one delimiter reads it. */
class Candidate {
	firstRecord: string[] | undefined;

	readonly splitter: CsvRecordSplitter;

	constructor(delimiter: CsvDelimiter) {
		this.splitter = new CsvRecordSplitter(delimiter, (cells) => {
			this.firstRecord ??= cells;
		});
	}
}

/**
 * Finds a file's delimiter from its first record, read under each candidate delimiter from the
 * first SEARCHED_LENGTH characters only: the text it keeps meanwhile stays bounded, the choice
 * never depends on how the text was cut, and no candidate can meet a record too long to read.
 */
export class DelimiterDetection {
	private readonly pieces: string[] = [];

	private length = 0;

	private readonly candidates: ReadonlyMap<CsvDelimiter, Candidate> = new Map(
		CSV_DELIMITERS.map((delimiter) => [delimiter, new Candidate(delimiter)]),
	);

	/** Adds the next piece of text; returns the delimiter once the text read decides it. */
	write(piece: string): CsvDelimiter | undefined {
		this.pieces.push(piece);
		const room = SEARCHED_LENGTH - this.length;
		this.length += piece.length;
		const searched = piece.length <= room ? piece : piece.slice(0, Math.max(room, 0));
		this.searching().forEach((candidate) => candidate.splitter.write(searched));
		return this.searching().length > 0 && this.length < SEARCHED_LENGTH ? undefined : this.choose();
	}

	/** Called at the end of the file: decides with what there is. */
	end(): CsvDelimiter {
		// A line break ends a last record that has none, unless a quote is still open: then that
		// candidate has no first record (its own reading would fail).
		if (this.length < SEARCHED_LENGTH) {
			this.searching().forEach((candidate) => candidate.splitter.write('\n'));
		}
		return this.choose();
	}

	/** All the text written so far, for the splitter of the chosen delimiter to read. */
	text(): string {
		return this.pieces.join('');
	}

	private searching(): Candidate[] {
		return [...this.candidates.values()].filter((candidate) => candidate.firstRecord === undefined);
	}

	private choose(): CsvDelimiter {
		return chooseDelimiter((delimiter) => this.candidates.get(delimiter)?.firstRecord);
	}
}
