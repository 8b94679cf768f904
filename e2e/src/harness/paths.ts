import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of the monorepo root. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The built CLI entry points the suite drives, exactly as the `bin` entries users run. */
export const cliPaths = {
  emulator: fileURLToPath(new URL('../../../apps/emulator/dist/main.js', import.meta.url)),
  receiver: fileURLToPath(new URL('../../../apps/receiver/dist/main.js', import.meta.url)),
  webDirectUpload: fileURLToPath(new URL('../../../examples/web-direct-upload/dist/main.js', import.meta.url)),
} as const;

/** Names of the CLIs whose `dist/main.js` is missing (empty when everything is built). */
export function missingClis(): string[] {
  return Object.entries(cliPaths)
    .filter(([, path]) => !existsSync(path))
    .map(([name, path]) => `${name} (${path})`);
}
