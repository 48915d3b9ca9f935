import type { IExecuteFunctions } from 'n8n-workflow';

import type { CalculateType, CustomerFile, CustomerFileSummary } from '../../../customerFile';
import { uploadCustomerFile, type TikTokClient } from '../../../transport';
import { extendError } from '../../runner';

export interface UploadedFile {
	filePath: string;
	fileName: string;
	rows: number;
	bytes: number;
	md5: string;
}

export interface UploadTarget {
	advertiserId: string;
	/**
	 * Runs before the first upload to this ad account, e.g. to check that the audience takes this
	 * type of file; what it throws stops the uploads there and is reported as it is.
	 */
	beforeUpload?: (calculateType: CalculateType) => Promise<void>;
}

interface TargetState extends UploadTarget {
	files: UploadedFile[];
	started: boolean;
	/** What stopped the uploads: a failed check, or the upload of `fileName`. */
	failure?: { error: Error; fileName?: string };
}

/**
 * Uploads each customer file to every ad account as soon as the builder completes it, one file at
 * a time, while the next file is being built; a file is dropped once uploaded. The builder waits
 * (`room`) while a finished file queues behind the one in flight, so at most two finished files
 * and the one being written are held. Uploads are idempotent and retried by the transport; one ad
 * account failing stops its uploads only.
 */
export class MemberUploads {
	private readonly targets: TargetState[];

	private readonly queue: Array<{ file: CustomerFile; calculateType: CalculateType }> = [];

	private current: Promise<void> | undefined;

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly client: TikTokClient,
		targets: UploadTarget[],
	) {
		this.targets = targets.map((target) => ({ ...target, files: [], started: false }));
	}

	/** Takes a completed file (from the builder's `onFile`); its upload starts in turn. */
	accept(file: CustomerFile, calculateType: CalculateType): void {
		this.queue.push({ file, calculateType });
		if (this.current === undefined) this.startNext();
	}

	/** Whether a completed file waits behind the one in flight. */
	get waiting(): boolean {
		return this.queue.length > 0;
	}

	/** Resolves once no completed file waits behind the one in flight. */
	async room(): Promise<void> {
		while (this.queue.length > 0) await this.current;
	}

	/** Whether a check failed in every ad account, so building on is of no use. */
	get checksFailedEverywhere(): boolean {
		return this.targets.every((target) => target.failure && target.failure.fileName === undefined);
	}

	/** Waits for every upload; with `drop`, files not yet sent are dropped first. */
	async finish(drop = false): Promise<void> {
		if (drop) this.queue.length = 0;
		while (this.current !== undefined) await this.current;
	}

	/** What was uploaded to `advertiserId`; throws what stopped its uploads, with the totals. */
	uploadedTo(advertiserId: string, summary: CustomerFileSummary): UploadedFile[] {
		const target = this.targets.find((candidate) => candidate.advertiserId === advertiserId);
		if (target === undefined) throw new Error(`No uploads for ad account ${advertiserId}`);
		const { failure, files } = target;
		if (failure === undefined) return files;
		if (failure.fileName === undefined) throw failure.error;
		const rowsUploaded = files.reduce((sum, done) => sum + done.rows, 0);
		const names = files.map((done) => done.fileName);
		const listed =
			names.length === 0
				? ''
				: `: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}`;
		throw extendError(this.context, failure.error, {
			message: `Uploaded ${files.length} of ${summary.fileCount} files (${rowsUploaded} of ${summary.rowsAccepted} rows)${listed} before ${failure.fileName} failed; the audience was not changed.`,
		});
	}

	private startNext(): void {
		const next = this.queue.shift();
		this.current =
			next === undefined
				? undefined
				: this.uploadEverywhere(next.file, next.calculateType).then(() => this.startNext());
	}

	/** Never rejects: a failure is noted for its ad account. */
	private async uploadEverywhere(file: CustomerFile, calculateType: CalculateType): Promise<void> {
		for (const target of this.targets) {
			if (target.failure !== undefined) continue;
			try {
				if (!target.started) {
					target.started = true;
					await target.beforeUpload?.(calculateType);
				}
			} catch (error) {
				target.failure = { error: error as Error };
				continue;
			}
			try {
				const filePath = await uploadCustomerFile(this.client, {
					advertiserId: target.advertiserId,
					calculateType,
					file,
				});
				target.files.push({
					filePath,
					fileName: file.fileName,
					rows: file.rows,
					bytes: file.content.length,
					md5: file.md5,
				});
			} catch (error) {
				target.failure = { error: error as Error, fileName: file.fileName };
			}
		}
		// Sent everywhere: its memory is reused for a later file.
		file.release?.();
	}
}
