import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator';
import { after, before, beforeEach } from './testing';

/**
 * One emulator for the enclosing describe block: started before its tests, reset to the seeded
 * world before each test, closed after them. `onStart` receives it.
 */
export function useEmulator(onStart: (emulator: Emulator) => void, options?: EmulatorOptions) {
	let started: Emulator | undefined;
	before(async () => {
		started = await startEmulator(options);
		onStart(started);
	});
	after(async () => await started?.close());
	beforeEach(() => started?.reset());
}
