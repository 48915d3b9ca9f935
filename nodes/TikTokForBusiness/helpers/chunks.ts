export interface ChunkedResults<T> {
	results: Map<string, T>;
	errors: Map<string, Error>;
}

/**
 * Sends IDs in chunks of `size`. TikTok fails a whole request for one bad ID, so when a chunk
 * fails its IDs are sent one by one: only the bad ones end up in `errors`. IDs that a successful
 * request did not return are in neither map.
 */
export async function requestInChunks<T>(
	ids: string[],
	size: number,
	request: (chunk: string[]) => Promise<Map<string, T>>,
): Promise<ChunkedResults<T>> {
	const unique = [...new Set(ids)];
	const results = new Map<string, T>();
	const errors = new Map<string, Error>();
	for (let start = 0; start < unique.length; start += size) {
		const chunk = unique.slice(start, start + size);
		try {
			for (const [id, value] of await request(chunk)) results.set(id, value);
			continue;
		} catch (error) {
			if (chunk.length === 1) {
				errors.set(chunk[0], error as Error);
				continue;
			}
		}
		for (const id of chunk) {
			try {
				for (const [resultId, value] of await request([id])) results.set(resultId, value);
			} catch (error) {
				errors.set(id, error as Error);
			}
		}
	}
	return { results, errors };
}
