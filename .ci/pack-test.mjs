// Pack test: the packages as consumers get them. From an unbuilt copy of the committed tree
// (`git archive HEAD`: no dist/, no node_modules), install the workspace, pack every public
// package (each pack builds first, through its `prepack` script), install the tarballs into a
// plain npm project, type-check a consumer file with `tsc --strict` and `skipLibCheck: false`
// under TypeScript's NodeNext, Bundler and Node10 resolution and as a CommonJS .cts file, and run
// a small ESM program. Then read each installed package as its user would
// (./installed-package-checks.mjs): every relative link of its Markdown resolves inside it
// (scripts/pack-docs.mjs ships the docs a README links to), its package.json ships README, docs,
// LICENSE and names files that exist, its source maps point at shipped sources, what its .js and
// .d.ts files import is in its dependencies, its commands answer --version and --help, what
// its Markdown snippets import from @ossbox type-checks, and its snippets that create a server
// start it.
// Packing must leave the git tree as committed, and the repo's own Markdown links must resolve
// in the repo (scripts/check-markdown-links.mjs).
//
// Usage: node .ci/pack-test.mjs [--keep]   (--keep leaves the temporary directory for inspection)
// Prints one line per check and closes with vitest's summary format ("Tests  N passed | M failed
// (N+M)"), which .ci/summarize.mjs adds to the closing line. Exit code 1 when a check failed.
//
// Registry access: the consumer's `npm install` fetches the tarballs' registry dependencies
// (express, undici, …) plus typescript and @types/node, preferring npm's cache. It runs with
// --ignore-scripts, so better-sqlite3's native build is not exercised here (the workspace
// install and the e2e suite cover it); the ESM program imports the emulator without opening a
// store, and the emulator's command is checked to say how to build it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  importsModule,
  manifestProblems,
  markdownLinkProblems,
  snippetImports,
  sourceMapProblems,
  undeclaredImportProblems,
  unstartedServerProblems,
} from './installed-package-checks.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'ossbox-pack-'));
const src = join(work, 'src');
const tarballs = join(work, 'tarballs');
const consumer = join(work, 'consumer');
const fixtures = join(root, '.ci', 'pack-consumer');

const results = [];

/** Run a command; throws with the tail of its output when it fails. */
function run(command, args, cwd, options = {}) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.error) throw result.error;
  if (result.status !== 0 && !options.allowFailure) {
    const tail = output.trim().split('\n').slice(-30).join('\n');
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}\n${tail}`);
  }
  return { status: result.status, output };
}

/** One named check; later checks still run, but a check whose input is missing fails too. */
function check(name, fn) {
  const started = Date.now();
  try {
    fn();
    results.push(true);
    console.log(`  ✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return true;
  } catch (error) {
    results.push(false);
    console.log(`  ✗ ${name}\n${String(error?.message ?? error).replace(/^/gm, '      ')}`);
    return false;
  }
}

console.log(`pack test in ${work}`);
const began = Date.now();
let publicPackages = [];
let privatePackages = [];

const copied = check('unbuilt copy of HEAD (git archive)', () => {
  mkdirSync(src);
  run('sh', ['-c', `git -C "${root}" archive --format=tar HEAD | tar -x -C "${src}"`], root);
  // A repository of its own, so that what packing leaves behind shows in `git status`.
  const git = ['-c', 'user.name=pack-test', '-c', 'user.email=pack-test@localhost'];
  run('git', ['init', '-q'], src);
  run('git', ['add', '-A'], src);
  run('git', [...git, 'commit', '-q', '-m', 'HEAD'], src);
  const built = ['packages', 'apps'].flatMap((dir) =>
    readdirSync(join(src, dir)).filter((name) => readdirSync(join(src, dir, name)).includes('dist')),
  );
  if (built.length > 0) throw new Error(`dist/ already present in ${built.join(', ')}`);
});

const installed =
  copied &&
  check('pnpm install --frozen-lockfile', () => {
    run('pnpm', ['install', '--frozen-lockfile', '--prefer-offline', '--reporter=silent'], src);
  });

check("every relative link of the repo's Markdown resolves in the repo, #anchors to a heading", () => {
  if (!installed) throw new Error('no workspace install (the check needs its Markdown parser)');
  run(process.execPath, ['scripts/check-markdown-links.mjs'], src);
});

const packed =
  installed &&
  check('pnpm pack of every public package builds it first and ships dist/', () => {
    const listing = JSON.parse(run('pnpm', ['-r', 'ls', '--depth', '-1', '--json'], src).output);
    publicPackages = listing.filter((pkg) => !pkg.private && pkg.path !== src);
    privatePackages = listing.filter((pkg) => pkg.private && pkg.path !== src);
    if (publicPackages.length < 5) throw new Error(`only ${publicPackages.length} public packages found`);
    mkdirSync(tarballs);
    // One at a time: each prepack runs turbo, and concurrent turbo runs would race on dist/.
    for (const pkg of publicPackages) {
      run('pnpm', ['--filter', pkg.name, 'pack', '--pack-destination', tarballs], src);
    }
    for (const file of readdirSync(tarballs)) {
      const entries = run('tar', ['-tzf', join(tarballs, file)], work).output.split('\n');
      for (const needed of ['package/dist/index.js', 'package/dist/index.d.ts']) {
        if (!entries.includes(needed)) throw new Error(`${file} lacks ${needed}`);
      }
      if (entries.some((entry) => entry.endsWith('.test.ts') || entry.includes('/test-support/'))) {
        throw new Error(`${file} ships test files`);
      }
    }
  });

check('packing leaves the git tree as committed (READMEs restored, generated docs/ gitignored)', () => {
  if (!packed) throw new Error('nothing packed');
  const status = run('git', ['status', '--porcelain'], src).output.trim();
  if (status) throw new Error(`git status after packing:\n${status}`);
});

check('every private workspace package (e2e, test helpers) refuses to be packed', () => {
  if (!packed) throw new Error('no workspace listing');
  if (!privatePackages.some((pkg) => pkg.name === '@ossbox/e2e')) throw new Error('@ossbox/e2e is not private');
  for (const pkg of privatePackages) {
    const attempt = run('pnpm', ['--filter', pkg.name, 'pack', '--pack-destination', work], src, { allowFailure: true });
    if (attempt.status === 0) throw new Error(`pnpm pack of the private ${pkg.name} succeeded`);
  }
});

const consumerReady =
  packed &&
  check('npm install of the tarballs into a plain npm project', () => {
    mkdirSync(consumer);
    for (const file of readdirSync(fixtures)) writeFileSync(join(consumer, file), readFileSync(join(fixtures, file)));
    const versionOf = (name) => JSON.parse(readFileSync(join(src, 'node_modules', name, 'package.json'), 'utf8')).version;
    const files = readdirSync(tarballs).map((file) => join(tarballs, file));
    run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--ignore-scripts',
        '--loglevel=error',
        ...files,
        `typescript@${versionOf('typescript')}`,
        `@types/node@${versionOf('@types/node')}`,
        // The peer dependency of @ossbox/callback/fastify, whose types that subpath uses.
        `fastify@${JSON.parse(readFileSync(join(src, 'packages', 'callback', 'node_modules', 'fastify', 'package.json'), 'utf8')).version}`,
      ],
      consumer,
    );
  });

// NodeNext checks every declaration file (skipLibCheck false); Bundler and Node10 only need to
// show that every entry point and subpath resolves, which skipLibCheck does not hide. The
// CommonJS file (.cts, NodeNext) shows that a CommonJS project's `import`, which tsc compiles to
// require(esm), is allowed and typed for every entry point.
for (const [mode, libCheck] of [['nodenext', true], ['bundler', false], ['node10', false], ['commonjs', false]]) {
  const what = mode === 'commonjs' ? 'a CommonJS file (.cts) under NodeNext' : `moduleResolution ${mode}`;
  check(`tsc --strict, ${what}${libCheck ? ', skipLibCheck false' : ''}`, () => {
    if (!consumerReady) throw new Error('no consumer project');
    run(process.execPath, [join(consumer, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', `tsconfig.${mode}.json`], consumer);
  });
}

check('an ESM program runs against the installed packages', () => {
  if (!consumerReady) throw new Error('no consumer project');
  const { output } = run(process.execPath, ['program.mjs'], consumer);
  process.stdout.write(output.replace(/^/gm, '      '));
});

/** Runs `problemsOf(installed package directory, name)` for every public package; throws what it found. */
function eachInstalled(problemsOf) {
  if (!consumerReady) throw new Error('no consumer project');
  const problems = publicPackages.flatMap((pkg) =>
    problemsOf(join(consumer, 'node_modules', pkg.name), pkg.name).map((problem) => `${pkg.name}: ${problem}`),
  );
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

check("every installed command (node_modules/.bin) prints its package's version and its usage", () => {
  eachInstalled((dir) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    return Object.keys(manifest.bin ?? {}).flatMap((command) => {
      const bin = join(consumer, 'node_modules', '.bin', command);
      const version = run(bin, ['--version'], consumer, { allowFailure: true });
      const help = run(bin, ['--help'], consumer, { allowFailure: true });
      const problems = [];
      if (version.status !== 0 || version.output.trim() !== manifest.version)
        problems.push(`${command} --version: exit ${version.status}, ${version.output.trim()}`);
      if (help.status !== 0 || !help.output.includes(`Usage: ${command}`))
        problems.push(`${command} --help: exit ${help.status}, ${help.output.trim().split('\n')[0]}`);
      return problems;
    });
  });
});

// npm installed with --ignore-scripts, as pnpm 10 does for a dependency's build script it was not
// told to allow: better-sqlite3 is not built, and the emulator must say what to run.
check('ossbox-emulator without a built better-sqlite3 exits 1 saying how to build it', () => {
  if (!consumerReady) throw new Error('no consumer project');
  const bin = join(consumer, 'node_modules', '.bin', 'ossbox-emulator');
  const started = run(bin, ['--port', '0', '--location', join(work, 'emulator-data')], consumer, { allowFailure: true });
  const says = ['pnpm approve-builds', 'npm rebuild better-sqlite3', '"better-sqlite3": { "built": true }'].every((text) => started.output.includes(text));
  if (started.status !== 1 || !says || /\n\s+at /.test(started.output)) {
    throw new Error(`exit ${started.status}:\n${started.output}`);
  }
});

// sharp's native part is an optional dependency per platform (@img/sharp-<os>-<cpu>), missing
// after `npm install --omit=optional` or with a lockfile written on another platform: only image
// processing may need it.
check('without sharp\'s platform package, @ossbox/emulator imports and ossbox-emulator --version works', () => {
  if (!consumerReady) throw new Error('no consumer project');
  const img = join(consumer, 'node_modules', '@img');
  const platform = readdirSync(img).filter((name) => name.startsWith('sharp-')).map((name) => join(img, name));
  if (platform.length === 0) throw new Error('no @img/sharp-* package installed');
  for (const dir of platform) renameSync(dir, `${dir}.hidden`);
  try {
    run(process.execPath, ['-e', "import('@ossbox/emulator').then((m) => { if (!m.startEmulator) process.exit(1); })"], consumer);
    run(join(consumer, 'node_modules', '.bin', 'ossbox-emulator'), ['--version'], consumer);
  } finally {
    for (const dir of platform) renameSync(`${dir}.hidden`, dir);
  }
});

check('every relative link of every shipped .md resolves inside its installed package, #anchors to a heading', () => {
  eachInstalled((dir) => markdownLinkProblems(dir));
});

const workspaceManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
check('each installed package.json: files ships README.md and docs, license and LICENSE, engines, entry points exist', () => {
  eachInstalled((dir) => manifestProblems(dir, workspaceManifest));
});

check('every source map of each installed package names sources it ships', () => {
  eachInstalled((dir) => sourceMapProblems(dir));
});

check('every module the shipped .js and .d.ts files import by name is a dependency or peer dependency', () => {
  eachInstalled((dir) => undeclaredImportProblems(dir));
});

check("every Markdown snippet that creates a server (Express, Fastify, Koa, Hono, node:http) listens", () => {
  eachInstalled((dir) => unstartedServerProblems(dir));
});

check("what the installed packages' Markdown snippets import from @ossbox type-checks (NodeNext)", () => {
  const imports = [];
  eachInstalled((dir, name) => {
    imports.push(...snippetImports(dir, '@ossbox/').map((found) => ({ ...found, file: `${name}/${found.file}` })));
    return [];
  });
  if (imports.length === 0) throw new Error('no @ossbox import found in any snippet');
  writeFileSync(join(consumer, 'snippet-imports.ts'), importsModule(imports));
  run(process.execPath, [join(consumer, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.snippets.json'], consumer);
});

if (!keep) rmSync(work, { recursive: true, force: true });
const passed = results.filter(Boolean).length;
const failed = results.length - passed;
const seconds = ((Date.now() - began) / 1000).toFixed(0);
console.log(`pack test: ${publicPackages.map((pkg) => pkg.name).join(', ')} in ${seconds} s`);
console.log(`      Tests  ${passed} passed${failed ? ` | ${failed} failed` : ''} (${results.length})`);
process.exit(failed ? 1 : 0);
