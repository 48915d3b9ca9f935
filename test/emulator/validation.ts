import { ApiError, ERROR_CODE } from './errors';
import type { MultipartFile } from './multipart';
import type { ParsedRequest } from './routes/common';
import type { OperationSpec, QueryParameterSpec, Raw, SchemaNode } from './spec';
import { ACCESS_TOKEN_PARAMETER, asRecord } from './spec';

// Validation of requests against the operation specs that spec.ts loads.

export type ValidationResult =
	| { ok: true; values: Record<string, unknown> }
	| { ok: false; message: string };

function quote(value: string): string {
	const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
	return JSON.stringify(shown);
}

function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	return typeof value;
}

function typeMatches(type: SchemaNode['type'], value: unknown): boolean {
	switch (type) {
		case 'string':
			return typeof value === 'string';
		case 'integer':
			return typeof value === 'number' && Number.isInteger(value);
		case 'number':
			return typeof value === 'number' && Number.isFinite(value);
		case 'boolean':
			return typeof value === 'boolean';
		case 'array':
			return Array.isArray(value);
		case 'object':
			return asRecord(value) !== undefined;
		default:
			return true;
	}
}

function isMissing(value: unknown): boolean {
	return value === undefined || value === '';
}

/** Checks one value against its schema; returns the first problem, or undefined. */
export function validateValue(
	schema: SchemaNode,
	value: unknown,
	path: string,
): string | undefined {
	if (!typeMatches(schema.type, value)) {
		const article = schema.type === 'integer' || schema.type === 'array' ? 'an' : 'a';
		return `${path}: must be ${article} ${schema.type}, got ${describeType(value)}`;
	}
	if (typeof value === 'string') {
		if (schema.enum && !schema.enum.includes(value)) {
			return `${path}: must be one of ${schema.enum.join(', ')}; got ${quote(value)}`;
		}
		if (schema.minLength !== undefined && value.length < schema.minLength) {
			return `${path}: must be at least ${schema.minLength} characters long, got ${value.length}`;
		}
		if (schema.maxLength !== undefined && value.length > schema.maxLength) {
			return `${path}: must be at most ${schema.maxLength} characters long, got ${value.length}`;
		}
	}
	if (typeof value === 'number') {
		if (schema.minimum !== undefined && value < schema.minimum) {
			return `${path}: must be at least ${schema.minimum}, got ${value}`;
		}
		if (schema.maximum !== undefined && value > schema.maximum) {
			return `${path}: must be at most ${schema.maximum}, got ${value}`;
		}
	}
	if (Array.isArray(value)) {
		if (schema.minItems !== undefined && value.length < schema.minItems) {
			return `${path}: must have at least ${schema.minItems} item(s), got ${value.length}`;
		}
		if (schema.maxItems !== undefined && value.length > schema.maxItems) {
			return `${path}: must have at most ${schema.maxItems} items, got ${value.length}`;
		}
		if (schema.items) {
			for (let index = 0; index < value.length; index++) {
				const problem = validateValue(schema.items, value[index], `${path}[${index}]`);
				if (problem) return problem;
			}
		}
	}
	const record = schema.type === 'object' ? asRecord(value) : undefined;
	if (record && schema.properties) {
		return validateProperties(schema, record, `${path}.`);
	}
	return undefined;
}

function validateProperties(schema: SchemaNode, record: Raw, prefix: string): string | undefined {
	const properties = schema.properties ?? {};
	// Unknown names first: a misspelt field is then reported as itself, not as a missing one.
	for (const name of Object.keys(record)) {
		if (!(name in properties)) return `${prefix}${name}: unknown parameter`;
	}
	for (const name of schema.required ?? []) {
		if (isMissing(record[name])) return `${prefix}${name}: is required`;
	}
	for (const [name, propertySchema] of Object.entries(properties)) {
		if (record[name] === undefined) continue;
		const problem = validateValue(propertySchema, record[name], `${prefix}${name}`);
		if (problem) return problem;
	}
	return undefined;
}

function jsonExample(schema: SchemaNode): string {
	return schema.type === 'object' ? '{"key":"value"}' : '["123","456"]';
}

/** Turns one query-string value into the declared type, or explains why it can't. */
function decodeQueryValue(
	parameter: QueryParameterSpec,
	raw: string,
): { value: unknown } | { problem: string } {
	const { name, schema } = parameter;
	if (parameter.jsonEncoded) {
		const expected = `a JSON-encoded ${schema.type ?? 'value'} such as ${jsonExample(schema)}`;
		let decoded: unknown;
		try {
			decoded = JSON.parse(raw);
		} catch {
			return { problem: `${name}: must be ${expected}, got ${quote(raw)}` };
		}
		if (!typeMatches(schema.type, decoded)) {
			return { problem: `${name}: must be ${expected}, got ${quote(raw)}` };
		}
		return { value: decoded };
	}
	switch (schema.type) {
		case 'integer':
			if (!/^-?\d+$/.test(raw))
				return { problem: `${name}: must be an integer, got ${quote(raw)}` };
			return { value: Number(raw) };
		case 'number':
			if (raw.trim() === '' || !Number.isFinite(Number(raw))) {
				return { problem: `${name}: must be a number, got ${quote(raw)}` };
			}
			return { value: Number(raw) };
		case 'boolean':
			if (raw !== 'true' && raw !== 'false') {
				return { problem: `${name}: must be true or false, got ${quote(raw)}` };
			}
			return { value: raw === 'true' };
		default:
			return { value: raw };
	}
}

/** Validates a GET query string against the operation's declared query parameters. */
export function validateQuery(operation: OperationSpec, query: URLSearchParams): ValidationResult {
	const declared = new Map(operation.query.map((parameter) => [parameter.name, parameter]));
	for (const name of new Set(query.keys())) {
		if (name === ACCESS_TOKEN_PARAMETER) continue;
		if (!declared.has(name)) return { ok: false, message: `${name}: unknown parameter` };
	}
	const values: Record<string, unknown> = {};
	for (const parameter of operation.query) {
		const given = query.getAll(parameter.name);
		if (given.length > 1) {
			const hint = parameter.jsonEncoded
				? `send one JSON-encoded ${parameter.schema.type ?? 'value'} such as ${jsonExample(parameter.schema)} instead of repeating the parameter`
				: 'send it once';
			return {
				ok: false,
				message: `${parameter.name}: given ${given.length} times; ${hint}`,
			};
		}
		const raw = given[0];
		if (raw === undefined || raw === '') {
			if (parameter.required) return { ok: false, message: `${parameter.name}: is required` };
			continue;
		}
		const decoded = decodeQueryValue(parameter, raw);
		if ('problem' in decoded) return { ok: false, message: decoded.problem };
		const problem = validateValue(parameter.schema, decoded.value, parameter.name);
		if (problem) return { ok: false, message: problem };
		values[parameter.name] = decoded.value;
	}
	return { ok: true, values };
}

/** Validates a parsed JSON body against the operation's `application/json` schema. */
export function validateJsonBody(operation: OperationSpec, body: unknown): ValidationResult {
	const schema = operation.body?.schema ?? { type: 'object', properties: {} };
	const record = asRecord(body);
	if (!record) {
		return { ok: false, message: `request body: must be a JSON object, got ${describeType(body)}` };
	}
	const problem = validateProperties(schema, record, '');
	return problem ? { ok: false, message: problem } : { ok: true, values: record };
}

/** Validates multipart fields and file parts against the operation's form schema. */
export function validateMultipart(
	operation: OperationSpec,
	fields: ReadonlyMap<string, string[]>,
	files: ReadonlyMap<string, MultipartFile[]>,
): ValidationResult {
	const properties = operation.body?.schema.properties ?? {};
	for (const name of new Set([...fields.keys(), ...files.keys()])) {
		if (!(name in properties)) return { ok: false, message: `${name}: unknown parameter` };
	}
	const values: Record<string, unknown> = {};
	for (const [name, schema] of Object.entries(properties)) {
		const wantsFile = schema.format === 'binary';
		const textParts = fields.get(name) ?? [];
		const fileParts = files.get(name) ?? [];
		const count = textParts.length + fileParts.length;
		if (count === 0 || (textParts.length === 1 && textParts[0] === '' && fileParts.length === 0)) {
			if (operation.body?.schema.required?.includes(name)) {
				return { ok: false, message: `${name}: is required` };
			}
			continue;
		}
		if (count > 1) return { ok: false, message: `${name}: given ${count} times; send it once` };
		if (wantsFile) {
			if (fileParts.length === 0) {
				return {
					ok: false,
					message: `${name}: must be a file part (with a filename), got a text field`,
				};
			}
			values[name] = fileParts[0];
			continue;
		}
		if (fileParts.length > 0) {
			return { ok: false, message: `${name}: must be a text field, got a file part` };
		}
		const decoded = decodeQueryValue(
			{ name, required: false, jsonEncoded: false, schema },
			textParts[0] ?? '',
		);
		if ('problem' in decoded) return { ok: false, message: decoded.problem };
		const problem = validateValue(schema, decoded.value, name);
		if (problem) return { ok: false, message: problem };
		values[name] = decoded.value;
	}
	return { ok: true, values };
}

/** Validates a request's query (GET) or body (POST) against its operation; 40002 on a problem. */
export function validateRequest(
	operation: OperationSpec,
	request: ParsedRequest,
): Record<string, unknown> {
	const result = (() => {
		if (operation.method === 'GET') return validateQuery(operation, request.query);
		const expected = operation.body?.contentType ?? 'application/json';
		const { body } = request;
		if (request.mediaType !== expected) {
			return {
				ok: false as const,
				message: `Content-Type: must be ${expected}, got ${request.mediaType || 'none'}`,
			};
		}
		if (expected === 'multipart/form-data') {
			return body.kind === 'multipart'
				? validateMultipart(operation, body.multipart.fields, body.multipart.files)
				: {
						ok: false as const,
						message: 'request body: is not a valid multipart/form-data body',
					};
		}
		if (body.kind === 'invalid-json') {
			return { ok: false as const, message: 'request body: is not valid JSON' };
		}
		return validateJsonBody(operation, body.kind === 'json' ? body.value : undefined);
	})();
	if (!result.ok) throw new ApiError(ERROR_CODE.invalidParameter, result.message);
	// A POST endpoint takes its parameters from the body only.
	const [queryName] = request.query.keys();
	if (operation.method === 'POST' && queryName !== undefined) {
		throw new ApiError(
			ERROR_CODE.invalidParameter,
			`${queryName}: unexpected query parameter; this endpoint takes a ${operation.body?.contentType ?? 'JSON'} body`,
		);
	}
	return result.values;
}
