/**
 * Setup for every test file. The suite runs with `isolate: false` (vitest.config.ts), so one worker
 * process runs many files one after another and imports the modules they share once. What a file
 * changes in the process — environment variables (each local stack writes its endpoints there,
 * the Welsh tests name another council) and the local clock's offset — goes back to how the file
 * found it when the file ends, so no file sees another's leftovers.
 */
import { afterAll } from 'vitest';
import { processClock } from '../../functions/commons/clock.ts';

const environment = { ...process.env };
const clockOffset = processClock.offset;

afterAll(() => {
  for (const name of Object.keys(process.env)) {
    if (!(name in environment)) delete process.env[name];
  }
  Object.assign(process.env, environment);
  processClock.setOffset(clockOffset);
});
