import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CustomerFileSummary } from '../../../customerFile';
import { UPLOAD_FRAMING_ROOM } from '../../../transport';
import { build, createBuilder, readSharedSettings } from './building';
import { IDENTIFIER_FIELDS } from './properties';
import type { MemberUploads } from './uploads';

function readPath(source: IDataObject, path: string): unknown {
	if (path in source) return source[path];
	let value: unknown = source;
	for (const key of path.split('.')) {
		if (typeof value !== 'object' || value === null) return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

/** Builds and uploads customer files from the mapped fields of the items (one row per item). */
export async function buildFromItems(
	context: IExecuteFunctions,
	itemIndices: number[],
	fileNamePrefix: string,
	uploads: MemberUploads,
): Promise<CustomerFileSummary> {
	const firstItem = itemIndices[0];
	const mapping = context.getNodeParameter('identifierFields', firstItem, {}) as IDataObject;
	const fields = IDENTIFIER_FIELDS.filter(
		({ parameter }) =>
			typeof mapping[parameter] === 'string' && (mapping[parameter] as string).trim() !== '',
	).map(({ type, parameter }) => ({ type, path: (mapping[parameter] as string).trim() }));
	if (fields.length === 0) {
		throw new NodeOperationError(context.getNode(), 'No identifier field is set', {
			description:
				'Add at least one entry under "Identifier Fields" (e.g. Email Field = email) so the node knows which input fields hold the identifiers.',
		});
	}
	const builder = createBuilder(
		context,
		{
			...readSharedSettings(context, itemIndices),
			types: fields.map(({ type }) => type),
			fileNamePrefix,
			expectedRows: itemIndices.length,
			spareAround: UPLOAD_FRAMING_ROOM,
		},
		uploads,
	);
	const items = context.getInputData();
	const values: unknown[] = new Array(fields.length);
	return await build(context, uploads, async () => {
		for (const itemIndex of itemIndices) {
			const json = items[itemIndex].json;
			for (let column = 0; column < fields.length; column++) {
				values[column] = readPath(json, fields[column].path);
			}
			builder.addRow(values);
			if (uploads.waiting) {
				await uploads.room();
				if (uploads.checksFailedEverywhere) break;
			}
		}
		return builder;
	});
}
