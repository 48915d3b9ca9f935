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

	it('never calls n8n request helpers outside the transport', () => {
		const transport = join(NODE_DIR, 'transport') + '/';
		const callers = files
			.filter((file) => !file.startsWith(transport))
			.filter((file) => /helpers\.httpRequest|getCredentials\(/.test(readFileSync(file, 'utf8')))
			.map(name);
		assert.deepEqual(callers, []);
	});
});
