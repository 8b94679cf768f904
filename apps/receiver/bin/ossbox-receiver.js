#!/usr/bin/env node
// The `ossbox-receiver` command. It lives outside dist/ so that pnpm can link it in a fresh
// checkout before anything is built (a bin inside dist/ made `pnpm install` warn "Failed to
// create bin … ENOENT"); it only loads the compiled CLI, which published packages always ship.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/main.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('ossbox-receiver is not built yet: run `pnpm build` (or `pnpm dev`) at the repository root.\n');
  process.exit(1);
}
await import(cli.href);
