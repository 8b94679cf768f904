// scripts/pack-docs.mjs (each public package's prepack/postpack) on a small repo of its own: which
// docs a packed README ships, how each kind of link is rewritten, and that postpack (or the next
// prepack, after a pack that died) leaves the README byte for byte as committed. The pack test
// (.ci/pack-test.mjs) checks the real packages once installed.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { repoRoot } from './harness/index.js';

const README = `# @x/p

See [part one](../../docs/a.md#part-one "A title") and [the same](<../../docs/a.md>), the
[reference][b], [its entry point](dist/index.js), the [\`Dockerfile\`](Dockerfile), the app in
[\`examples/app\`](../../examples/app), [OSS](https://www.alibabacloud.com/help/en/oss/) and
[this page](#xp).

[b]: ../../docs/b.md
`;

const PACKED_README = `# @x/p

See [part one](docs/a.md#part-one "A title") and [the same](docs/a.md), the
[reference][b], [its entry point](dist/index.js), the \`Dockerfile\` (\`pkgs/p/Dockerfile\` in the ossbox repository), the app in
\`examples/app\` (in the ossbox repository), [OSS](https://www.alibabacloud.com/help/en/oss/) and
[this page](#xp).

[b]: docs/b.md
`;

const DOC_A = `# A

## Part one

Then [B](b.md#b-title), [the package](../pkgs/p/README.md), [another](../pkgs/q/README.md) and
[the script](../tools/run.sh).
`;

let repo: string;
let pkg: string;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
}

const read = (path: string) => readFileSync(join(repo, path), 'utf8');

function packDocs(step: 'prepack' | 'postpack') {
  return spawnSync(process.execPath, [join(repo, 'scripts/pack-docs.mjs'), step], { cwd: pkg, encoding: 'utf8' });
}

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'ossbox-pack-docs-'));
  pkg = join(repo, 'pkgs/p');
  for (const script of ['pack-docs.mjs', 'markdown-links.mjs']) {
    cpSync(join(repoRoot, 'scripts', script), join(repo, 'scripts', script));
  }
  // The scripts' Markdown parser, resolved as from the real repo.
  symlinkSync(join(repoRoot, 'node_modules'), join(repo, 'node_modules'));
  write('pkgs/p/package.json', JSON.stringify({ name: '@x/p', files: ['dist', 'docs', 'README.md'] }));
  write('pkgs/p/README.md', README);
  write('pkgs/p/dist/index.js', '');
  write('pkgs/p/Dockerfile', 'FROM scratch\n');
  write('pkgs/q/package.json', JSON.stringify({ name: '@x/q' }));
  write('pkgs/q/README.md', '# @x/q\n');
  write('docs/a.md', DOC_A);
  write('docs/b.md', '# B title\n\nBack to [A](a.md).\n');
  write('docs/unlinked.md', '# Not linked from the package\n');
  write('examples/app/README.md', '# An app\n');
  write('tools/run.sh', '#!/bin/sh\n');
});

afterEach(() => {
  rmSync(repo, { recursive: true, force: true });
});

test('prepack ships the linked docs, transitively, and rewrites every kind of link; postpack restores', () => {
  const prepack = packDocs('prepack');
  expect(prepack.stderr).toBe('');
  expect(prepack.status).toBe(0);

  expect(read('pkgs/p/README.md')).toBe(PACKED_README);
  expect(read('pkgs/p/docs/a.md')).toBe(`# A

## Part one

Then [B](b.md#b-title), [the package](../README.md), another (README.md in \`@x/q\`) and
the script (\`tools/run.sh\` in the ossbox repository).
`);
  expect(read('pkgs/p/docs/b.md')).toBe(read('docs/b.md'));
  expect(existsSync(join(pkg, 'docs/unlinked.md'))).toBe(false);

  expect(packDocs('postpack').status).toBe(0);
  expect(read('pkgs/p/README.md')).toBe(README);
  expect(existsSync(join(pkg, 'docs'))).toBe(false);
  expect(existsSync(join(pkg, '.pack-docs'))).toBe(false);
});

test('a prepack after a pack that died before postpack starts from the committed README', () => {
  expect(packDocs('prepack').status).toBe(0);
  expect(packDocs('prepack').status).toBe(0);
  expect(read('pkgs/p/README.md')).toBe(PACKED_README);
  expect(packDocs('postpack').status).toBe(0);
  expect(read('pkgs/p/README.md')).toBe(README);
});

test('a link to a missing file fails the pack and leaves the package untouched', () => {
  const broken = `${README}\nAlso [gone](../../docs/gone.md).\n`;
  write('pkgs/p/README.md', broken);
  const prepack = packDocs('prepack');
  expect(prepack.status).not.toBe(0);
  expect(prepack.stderr).toContain('pkgs/p/README.md links ../../docs/gone.md, which does not exist');
  expect(read('pkgs/p/README.md')).toBe(broken);
  expect(existsSync(join(pkg, 'docs'))).toBe(false);
  expect(existsSync(join(pkg, '.pack-docs'))).toBe(false);
});

test('a README that links docs fails the pack when "files" does not ship docs/', () => {
  write('pkgs/p/package.json', JSON.stringify({ name: '@x/p', files: ['dist', 'README.md'] }));
  const prepack = packDocs('prepack');
  expect(prepack.status).not.toBe(0);
  expect(prepack.stderr).toContain('"files" does not list docs');
  expect(read('pkgs/p/README.md')).toBe(README);
});
