/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test tooling runs in Node and never ships in the package */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The folder holding TikTok's per-endpoint OpenAPI files. */
export const SPEC_DIRECTORY = join(__dirname, 'spec');

/** The subset of OpenAPI schema keywords the validator understands. */
export interface SchemaNode {
	type?: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
	format?: string;
	enum?: readonly string[];
	minLength?: number;
	maxLength?: number;
	minimum?: number;
	maximum?: number;
	minItems?: number;
	maxItems?: number;
	items?: SchemaNode;
	properties?: Record<string, SchemaNode>;
	required?: readonly string[];
}

export interface QueryParameterSpec {
	name: string;
	required: boolean;
	/** Declared with `content: application/json`: the value is a JSON-encoded array or object. */
	jsonEncoded: boolean;
	schema: SchemaNode;
}

export type BodyContentType = 'application/json' | 'multipart/form-data';

export interface OperationSpec {
	method: 'GET' | 'POST';
	/** Path as written in the spec, relative to `/open_api/v1.3`. */
	path: string;
	/** Spec file name, or a note when the operation has no upstream file. */
	source: string;
	query: QueryParameterSpec[];
	body?: { contentType: BodyContentType; schema: SchemaNode };
}

/** Operation specs keyed by `METHOD /path/`. */
export type SpecCatalog = ReadonlyMap<string, OperationSpec>;

export function operationKey(method: string, path: string): string {
	return `${method.toUpperCase()} ${path}`;
}

/** The spec files the emulator validates against. */
export const SPEC_FILES = [
	'advertiser_info.yml',
	'dmp_custom_audience_apply.yml',
	'dmp_custom_audience_apply_log.yml',
	'dmp_custom_audience_create.yml',
	'dmp_custom_audience_delete.yml',
	'dmp_custom_audience_file_upload.yml',
	'dmp_custom_audience_get.yml',
	'dmp_custom_audience_list.yml',
	'dmp_custom_audience_lookalike_create.yml',
	'dmp_custom_audience_lookalike_update.yml',
	'dmp_custom_audience_share.yml',
	'dmp_custom_audience_share_cancel.yml',
	'dmp_custom_audience_share_log.yml',
	'dmp_custom_audience_update.yml',
] as const;

/** `fields` values of /advertiser/info/ (FACTS §4.2; the spec file declares no enum). */
export const ADVERTISER_INFO_FIELDS = [
	'telephone_number',
	'contacter',
	'currency',
	'cellphone_number',
	'timezone',
	'advertiser_id',
	'role',
	'company',
	'status',
	'description',
	'rejection_reason',
	'address',
	'name',
	'language',
	'industry',
	'license_no',
	'email',
	'license_url',
	'country',
	'balance',
	'create_time',
	'display_timezone',
	'owner_bc_id',
	'company_name_editable',
] as const;

export const LOOKALIKE_PLACEMENTS = ['TikTok', 'TopBuzz & BuzzVideo', 'Pangle'] as const;

/**
 * Limits that TikTok's descriptions state but the schemas omit, merged into the loaded specs.
 * Keys are operation keys; field paths use '.' for properties and '[]' for array items.
 */
export const SPEC_SUPPLEMENTS: Readonly<Record<string, Readonly<Record<string, SchemaNode>>>> = {
	'GET /advertiser/info/': {
		advertiser_ids: { minItems: 1, maxItems: 100 },
		'fields[]': { enum: ADVERTISER_INFO_FIELDS },
	},
	'POST /dmp/custom_audience/update/': {
		custom_audience_name: { minLength: 1, maxLength: 128 },
		audience_sub_type: { enum: ['REACH_FREQUENCY'] },
	},
	'POST /dmp/custom_audience/lookalike/create/': {
		custom_audience_name: { minLength: 1, maxLength: 128 },
		'lookalike_spec.placements': { minItems: 1 },
		'lookalike_spec.placements[]': { enum: LOOKALIKE_PLACEMENTS },
	},
	'POST /dmp/custom_audience/lookalike/update/': {
		custom_audience_ids: { minItems: 1, maxItems: 100 },
	},
	'POST /dmp/custom_audience/share/': {
		custom_audience_ids: { minItems: 1, maxItems: 10 },
		shared_advertiser_ids: { minItems: 1, maxItems: 10 },
	},
	'POST /dmp/custom_audience/apply/': {
		adgroup_ids: { minItems: 1, maxItems: 100 },
	},
	'GET /dmp/custom_audience/apply/log/': {
		custom_audience_ids: { minItems: 1, maxItems: 100 },
		page: { minimum: 1 },
		page_size: { minimum: 1, maximum: 100 },
	},
};

/** Endpoints with no upstream spec file, described here in the same form. */
export const LOCAL_OPERATIONS: readonly OperationSpec[] = [
	{
		method: 'GET',
		path: '/user/info/',
		source: 'no upstream spec file; FACTS §4.3',
		query: [],
	},
	{
		method: 'GET',
		path: '/oauth2/advertiser/get/',
		source: 'no upstream spec file; FACTS §4.1',
		query: [
			{ name: 'app_id', required: true, jsonEncoded: false, schema: { type: 'string' } },
			{ name: 'secret', required: true, jsonEncoded: false, schema: { type: 'string' } },
		],
	},
];

/** Gateway-filled properties that clients never send. */
const GATEWAY_PROPERTIES = new Set(['context_info']);
export const ACCESS_TOKEN_PARAMETER = 'Access-Token';

export type Raw = Record<string, unknown>;

export function asRecord(value: unknown): Raw | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Raw)
		: undefined;
}

function numberOrUndefined(value: unknown): number | undefined {
	return typeof value === 'number' ? value : undefined;
}

function convertSchema(raw: Raw): SchemaNode {
	const node: SchemaNode = {};
	if (typeof raw.type === 'string') node.type = raw.type as SchemaNode['type'];
	if (typeof raw.format === 'string') node.format = raw.format;
	if (Array.isArray(raw.enum)) node.enum = raw.enum.map(String);
	// TikTok keeps its enums in an extension: keys are the wire values.
	const openEnum = asRecord(raw['x-open-enum']);
	if (openEnum && Array.isArray(openEnum.enums)) {
		node.enum = openEnum.enums
			.map((entry) => asRecord(entry))
			.filter((entry): entry is Raw => entry !== undefined && entry.is_valid !== false)
			.map((entry) => String(entry.key));
	}
	for (const bound of [
		'minLength',
		'maxLength',
		'minimum',
		'maximum',
		'minItems',
		'maxItems',
	] as const) {
		const value = numberOrUndefined(raw[bound]);
		if (value !== undefined) node[bound] = value;
	}
	const items = asRecord(raw.items);
	if (items) node.items = convertSchema(items);
	const properties = asRecord(raw.properties);
	if (properties) {
		node.properties = {};
		for (const [name, property] of Object.entries(properties)) {
			const propertySchema = asRecord(property);
			if (GATEWAY_PROPERTIES.has(name) || !propertySchema) continue;
			node.properties[name] = convertSchema(propertySchema);
		}
	}
	if (Array.isArray(raw.required)) {
		node.required = raw.required.map(String).filter((name) => !GATEWAY_PROPERTIES.has(name));
	}
	return node;
}

function convertOperation(file: string, path: string, method: string, raw: Raw): OperationSpec {
	const query: QueryParameterSpec[] = [];
	const parameters = Array.isArray(raw.parameters) ? raw.parameters : [];
	for (const entry of parameters) {
		const parameter = asRecord(entry);
		if (!parameter || parameter.in !== 'query' || typeof parameter.name !== 'string') continue;
		// The files declare the token as a query parameter; it is really a header.
		if (parameter.name === ACCESS_TOKEN_PARAMETER) continue;
		const jsonContent = asRecord(asRecord(parameter.content)?.['application/json']);
		const schema = asRecord(jsonContent?.schema) ?? asRecord(parameter.schema) ?? {};
		query.push({
			name: parameter.name,
			required: parameter.required === true,
			jsonEncoded: jsonContent !== undefined,
			schema: convertSchema(schema),
		});
	}
	const operation: OperationSpec = {
		method: method.toUpperCase() as OperationSpec['method'],
		path,
		source: file,
		query,
	};
	const content = asRecord(asRecord(raw.requestBody)?.content);
	if (content) {
		for (const contentType of ['application/json', 'multipart/form-data'] as const) {
			const schema = asRecord(asRecord(content[contentType])?.schema);
			if (schema) operation.body = { contentType, schema: convertSchema(schema) };
		}
	}
	return operation;
}

function findSchemaNode(operation: OperationSpec, fieldPath: string): SchemaNode | undefined {
	const segments = fieldPath.split('.');
	const first = segments.shift() ?? '';
	const firstName = first.replace(/\[\]$/, '');
	let node =
		operation.query.find((parameter) => parameter.name === firstName)?.schema ??
		operation.body?.schema.properties?.[firstName];
	if (node && first.endsWith('[]')) node = node.items;
	for (const segment of segments) {
		const name = segment.replace(/\[\]$/, '');
		node = node?.properties?.[name];
		if (node && segment.endsWith('[]')) node = node.items;
	}
	return node;
}

function applySupplements(catalog: Map<string, OperationSpec>): void {
	for (const [key, fields] of Object.entries(SPEC_SUPPLEMENTS)) {
		const operation = catalog.get(key);
		if (!operation) throw new Error(`Spec supplement for unknown operation ${key}`);
		for (const [fieldPath, extra] of Object.entries(fields)) {
			const node = findSchemaNode(operation, fieldPath);
			if (!node) throw new Error(`Spec supplement for unknown field ${key} ${fieldPath}`);
			Object.assign(node, extra);
		}
	}
}

/** Reads the spec files and builds a fresh catalog (one per emulator instance). */
export function loadSpecCatalog(directory: string = SPEC_DIRECTORY): SpecCatalog {
	const catalog = new Map<string, OperationSpec>();
	for (const file of SPEC_FILES) {
		const document = asRecord(parse(readFileSync(join(directory, file), 'utf8')));
		const paths = asRecord(document?.paths) ?? {};
		for (const [path, operations] of Object.entries(paths)) {
			for (const [method, operation] of Object.entries(asRecord(operations) ?? {})) {
				const rawOperation = asRecord(operation);
				if (!rawOperation) continue;
				const converted = convertOperation(file, path, method, rawOperation);
				catalog.set(operationKey(converted.method, converted.path), converted);
			}
		}
	}
	for (const operation of LOCAL_OPERATIONS) {
		catalog.set(operationKey(operation.method, operation.path), structuredClone(operation));
	}
	applySupplements(catalog);
	return catalog;
}
