/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test tooling runs in Node and never ships in the package */
// The node's layout rules, checked on the sources with TypeScript's own import parser.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

import { assert, describe, it } from '../support/testing';

const ROOT = resolve(__dirname, '../..');
const NODE_DIR = join(ROOT, 'nodes', 'TikTokForBusiness');
const MAX_LINES = 300;

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return entry.name.endsWith('.ts') ? [path] : [];
	});
}

/** The project files a source file imports (relative imports, type-only ones included). */
function localImports(file: string, known: Set<string>): string[] {
	const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
	return importedFiles
		.map(({ fileName }) => fileName)
		.filter((name) => name.startsWith('.'))
		.map((name) => resolve(dirname(file), name))
		.map((base) => [`${base}.ts`, join(base, 'index.ts')].find((candidate) => known.has(candidate)))
		.filter((found): found is string => found !== undefined);
}

function importGraph(files: string[]): Map<string, string[]> {
	const known = new Set(files);
	return new Map(files.map((file) => [file, localImports(file, known)]));
}

/** The first import cycle found, as a list of files that ends where it starts. */
function findCycle(graph: Map<string, string[]>): string[] | undefined {
	const state = new Map<string, 'open' | 'done'>();
	const stack: string[] = [];
	const visit = (file: string): string[] | undefined => {
		state.set(file, 'open');
		stack.push(file);
		for (const next of graph.get(file) ?? []) {
			if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
			if (!state.has(next)) {
				const cycle = visit(next);
				if (cycle) return cycle;
			}
		}
		stack.pop();
		state.set(file, 'done');
		return undefined;
	};
	for (const file of graph.keys()) {
		if (state.has(file)) continue;
		const cycle = visit(file);
		if (cycle) return cycle;
	}
	return undefined;
}

const name = (file: string) => relative(NODE_DIR, file);

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;

/**
 * Object literal keys and property writes in TikTok's snake_case (`advertiser_id: …`,
 * `body.file_paths = …`, `body['file_paths'] = …`): the shape of TikTok's wire, which only the
 * transport writes. Reading TikTok's replies (`audience.audience_id`) is not writing.
 */
export function wireFieldsWritten(source: string): string[] {
	const found: string[] = [];
	const file = ts.createSourceFile('source.ts', source, ts.ScriptTarget.Latest, true);
	const keyText = (key: ts.Node) =>
		ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : undefined;
	const visit = (node: ts.Node) => {
		if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) {
			const key = keyText(node.name);
			if (key !== undefined && SNAKE_CASE.test(key)) found.push(key);
		}
		if (
			ts.isBinaryExpression(node) &&
			node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
			(ts.isPropertyAccessExpression(node.left) || ts.isElementAccessExpression(node.left))
		) {
			const key = ts.isPropertyAccessExpression(node.left)
				? node.left.name.text
				: keyText(node.left.argumentExpression);
			if (key !== undefined && SNAKE_CASE.test(key)) found.push(key);
		}
		ts.forEachChild(node, visit);
	};
	visit(file);
	return found;
}

/**
 * Names a module exports (declarations and `export { … } from …`), and whether each is a type:
 * a type that another export's signature uses must be exported too, for declaration files.
 */
function exportedNames(source: string): Array<{ name: string; isType: boolean }> {
	const file = ts.createSourceFile('source.ts', source, ts.ScriptTarget.Latest, true);
	const names: Array<{ name: string; isType: boolean }> = [];
	for (const statement of file.statements) {
		if (
			ts.isExportDeclaration(statement) &&
			statement.exportClause &&
			ts.isNamedExports(statement.exportClause)
		) {
			for (const element of statement.exportClause.elements) {
				names.push({ name: element.name.text, isType: statement.isTypeOnly || element.isTypeOnly });
			}
			continue;
		}
		const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
		if (!modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) continue;
		const isType = ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement);
		if (ts.isVariableStatement(statement)) {
			for (const declaration of statement.declarationList.declarations) {
				if (ts.isIdentifier(declaration.name)) names.push({ name: declaration.name.text, isType });
			}
		} else if (
			'name' in statement &&
			statement.name &&
			ts.isIdentifier(statement.name as ts.Node)
		) {
			names.push({ name: (statement.name as ts.Identifier).text, isType });
		}
	}
	return names;
}

/** Names a module imports from each relative module specifier (type-only imports included). */
function importedNames(source: string): Map<string, string[]> {
	const file = ts.createSourceFile('source.ts', source, ts.ScriptTarget.Latest, true);
	const byModule = new Map<string, string[]>();
	for (const statement of file.statements) {
		if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
		const specifier = statement.moduleSpecifier;
		if (!specifier || !ts.isStringLiteral(specifier)) continue;
		const names = byModule.get(specifier.text) ?? [];
		if (ts.isImportDeclaration(statement)) {
			const bindings = statement.importClause?.namedBindings;
			if (bindings && ts.isNamedImports(bindings)) {
				for (const element of bindings.elements)
					names.push((element.propertyName ?? element.name).text);
			}
			if (bindings && ts.isNamespaceImport(bindings)) names.push('*');
		} else if (statement.exportClause && ts.isNamedExports(statement.exportClause)) {
			for (const element of statement.exportClause.elements)
				names.push((element.propertyName ?? element.name).text);
		} else {
			names.push('*');
		}
		byModule.set(specifier.text, names);
	}
	return byModule;
}

/**
 * Exports of the files under `folder` that no other source file imports: code that only tests
 * use. `files` maps each source file to its text.
 */
export function unusedExports(files: Map<string, string>, folder: string): string[] {
	const known = new Set(files.keys());
	const used = new Map<string, Set<string>>();
	for (const [file, source] of files) {
		for (const [specifier, names] of importedNames(source)) {
			if (!specifier.startsWith('.')) continue;
			const base = resolve(dirname(file), specifier);
			const target = [`${base}.ts`, join(base, 'index.ts')].find((candidate) =>
				known.has(candidate),
			);
			if (target === undefined || target === file) continue;
			const set = used.get(target) ?? new Set<string>();
			for (const imported of names) set.add(imported);
			used.set(target, set);
		}
	}
	const unused: string[] = [];
	for (const [file, source] of files) {
		if (!file.startsWith(folder + '/')) continue;
		const set = used.get(file) ?? new Set<string>();
		if (set.has('*')) continue;
		for (const { name: exported, isType } of exportedNames(source)) {
			if (set.has(exported)) continue;
			// A type declared here and used in this file's own signatures is part of them.
			const mentions = source.split(new RegExp(`\\b${exported}\\b`)).length - 1;
			if (isType && mentions > 1) continue;
			unused.push(`${relative(folder, file)}: ${exported}`);
		}
	}
	return unused;
}

describe('node layout', () => {
	const files = sourceFiles(NODE_DIR);
	const graph = importGraph(files);

	it('finds a cycle when there is one (the check itself)', () => {
		const cycle = findCycle(
			new Map([
				['a', ['b']],
				['b', ['c']],
				['c', ['a']],
			]),
		);
		assert.deepEqual(cycle, ['a', 'b', 'c', 'a']);
		assert.equal(
			findCycle(
				new Map([
					['a', ['b']],
					['b', []],
				]),
			),
			undefined,
		);
	});

	it('has no import cycle', () => {
		assert.ok(files.length > 20, `only ${files.length} source files found`);
		const cycle = findCycle(graph);
		assert.equal(cycle?.map(name).join(' -> '), undefined);
	});

	it(`keeps every file at ${MAX_LINES} lines or fewer`, () => {
		const long = files
			.map((file) => ({ file: name(file), lines: readFileSync(file, 'utf8').split('\n').length }))
			.filter(({ lines }) => lines > MAX_LINES);
		assert.deepEqual(long, []);
	});

	it('reaches TikTok only through the transport folder, by its index', () => {
		const transport = join(NODE_DIR, 'transport');
		const leaks = [...graph]
			.filter(([file]) => !file.startsWith(transport + '/'))
			.flatMap(([file, imports]) =>
				imports
					.filter((imported) => imported.startsWith(transport + '/'))
					.filter((imported) => imported !== join(transport, 'index.ts'))
					.filter((imported) => imported !== join(transport, 'types.ts'))
					.map((imported) => `${name(file)} -> ${name(imported)}`),
			);
		assert.deepEqual(leaks, []);
	});

	it('reaches the customer-file engine only by its index', () => {
		const engine = join(NODE_DIR, 'customerFile');
		const leaks = [...graph]
			.filter(([file]) => !file.startsWith(engine + '/'))
			.flatMap(([file, imports]) =>
				imports
					.filter((imported) => imported.startsWith(engine + '/'))
					.filter((imported) => imported !== join(engine, 'index.ts'))
					.map((imported) => `${name(file)} -> ${name(imported)}`),
			);
		assert.deepEqual(leaks, []);
	});

	it('keeps pickers, helpers, the customer-file engine and the transport out of actions/', () => {
		const actions = join(NODE_DIR, 'actions') + '/';
		const leaks = [...graph]
			.filter(([file]) => !file.startsWith(actions) && !file.endsWith('.node.ts'))
			.flatMap(([file, imports]) =>
				imports
					.filter((imported) => imported.startsWith(actions))
					.map((imported) => `${name(file)} -> ${name(imported)}`),
			);
		assert.deepEqual(leaks, []);
	});

	it("writes TikTok's field names (snake_case) only in the transport", () => {
		const transport = join(NODE_DIR, 'transport') + '/';
		const written = files
			.filter((file) => !file.startsWith(transport))
			.flatMap((file) =>
				wireFieldsWritten(readFileSync(file, 'utf8')).map((key) => `${name(file)}: ${key}`),
			);
		assert.deepEqual(written, []);
	});

	it('finds a snake_case key or property write when there is one (the check itself)', () => {
		assert.deepEqual(wireFieldsWritten('const body = { advertiser_id: id, audienceId };'), [
			'advertiser_id',
		]);
		assert.deepEqual(wireFieldsWritten("body.file_paths = paths; body['action_mode'] = 'Apply';"), [
			'file_paths',
			'action_mode',
		]);
		assert.deepEqual(
			wireFieldsWritten('const id = reply.audience_id; const { audience_id } = reply;'),
			[],
		);
	});

	it('keeps the item out of the transport: no item index there, none read from a client', () => {
		const transport = join(NODE_DIR, 'transport') + '/';
		const offenders = files.filter((file) => {
			const source = readFileSync(file, 'utf8');
			if (file.startsWith(transport)) return /itemIndex|forItem/.test(source);
			return /client\.itemIndex|\.forItem\(/i.test(source);
		});
		assert.deepEqual(offenders.map(name), []);
	});

	it('exports nothing from the customer-file engine that only tests use', () => {
		const sources = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));
		assert.deepEqual(unusedExports(sources, join(NODE_DIR, 'customerFile')), []);
	});

	it('finds an export that nothing imports (the check itself)', () => {
		const sources = new Map([
			[
				'/n/engine/a.ts',
				'export interface Shape { a: number }\nexport type Lone = string;\nexport function used(): Shape { return { a: 1 }; }\nexport function onlyForTests() {}',
			],
			['/n/engine/index.ts', "export { used } from './a';\nexport type { Kept } from './b';"],
			['/n/engine/b.ts', 'export type Kept = string;'],
			['/n/user.ts', "import { used, type Kept } from './engine';"],
		]);
		assert.deepEqual(unusedExports(sources, '/n/engine'), ['a.ts: Lone', 'a.ts: onlyForTests']);
	});

	it('never calls n8n request helpers outside the transport', () => {
		const transport = join(NODE_DIR, 'transport') + '/';
		const callers = files
			.filter((file) => !file.startsWith(transport))
			.filter((file) => /helpers\.httpRequest|getCredentials\(/.test(readFileSync(file, 'utf8')))
			.map(name);
		assert.deepEqual(callers, []);
	});
});
