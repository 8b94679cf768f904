/** The package version, for `--version`. */
import { createRequire } from 'node:module';

// package.json sits one level above both src/ (tsx) and dist/ (built).
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
