// Makes a packed package's docs self-contained. A package README links repo docs as
// `../../docs/sts.md`, which works in the repo but is dead in node_modules/@ossbox/<name>/ and in
// the tarball. Every public package runs this around `pnpm pack`, from its own directory:
//
//   prepack:  node ../../scripts/pack-docs.mjs prepack   (after the build)
//   postpack: node ../../scripts/pack-docs.mjs postpack
//
// prepack copies each doc of the repo's docs/ that README.md links to, and every doc those link
// to in turn, into the package's docs/ (gitignored), and rewrites README.md and the copies so
// their links point at the copies. A link to a file the package ships itself (`files`) keeps
// pointing at it. A link to anything else in the repo (an example app, another package's README,
// a script) cannot be followed from an installed package, so the link is dropped and its text
// gets a note saying where that file is: "(`examples/web-direct-upload` in the ossbox
// repository)". Examples are not shipped: they are apps with their own package.json and
// dependencies on the whole workspace, not documentation of one package.
//
// The repo's README.md is kept in .pack-docs/README.md (gitignored) while the tarball is made;
// postpack puts it back and removes docs/, so a pack leaves the git tree as it was. A prepack that
// finds .pack-docs/ left by a pack that died first restores from it. A link to a missing file
// fails the pack. .ci/pack-test.mjs checks the result in the installed packages.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownLinks, relativeTarget } from './markdown-links.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const docsRoot = join(repoRoot, 'docs');
const pkgDir = process.cwd();
const readme = join(pkgDir, 'README.md');
const backupDir = join(pkgDir, '.pack-docs');
const backup = join(backupDir, 'README.md');
const shippedDocs = join(pkgDir, 'docs');

const posix = (path) => path.split(sep).join('/');
const isInside = (path, dir) => path === dir || path.startsWith(dir + sep);

/** The package's `files` field as top-level names (`dist`, `bin`, `README.md`): what it ships. */
function shippedTopLevel() {
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const names = new Set(['package.json', 'README.md', 'LICENSE']);
  for (const entry of manifest.files ?? []) if (!entry.startsWith('!')) names.add(entry.split('/')[0]);
  return names;
}

/** The name of the public workspace package whose README `target` is, if it is one. */
function publicPackageOf(target) {
  const manifestPath = join(dirname(target), 'package.json');
  if (!target.endsWith(`${sep}README.md`) || !existsSync(manifestPath)) return null;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  return manifest.private ? null : manifest.name;
}

/** Where the destination of a link sits in its source: [from, to) offsets within `raw`. */
function destinationRange(raw, link) {
  let from;
  if (link.kind === 'definition') from = raw.indexOf(']:') + 2;
  else if (link.kind === 'link') from = raw.indexOf('](', link.textEnd - link.start) + 2;
  else from = raw.indexOf('](') + 2;
  while (/\s/.test(raw[from])) from += 1;
  if (raw[from] === '<') return [from, raw.indexOf('>', from) + 1];
  let to = from;
  while (to < raw.length && !/\s/.test(raw[to])) to += 1;
  // `[a](b)`: the destination stops at the construct's closing parenthesis.
  if (link.kind !== 'definition' && to === raw.length) to -= 1;
  return [from, to];
}

/**
 * One Markdown file as shipped: `text` read from `repoFile`, written to `shippedFile`. Returns the
 * rewritten text and the repo docs it links to.
 */
function rewrite(text, repoFile, shippedFile, shipped) {
  const edits = [];
  const docs = [];
  for (const link of markdownLinks(text)) {
    const target = relativeTarget(link.url);
    if (!target || target.path === '') continue;
    const where = `${posix(relative(repoRoot, repoFile))} links ${link.url}`;
    const absolute = resolve(dirname(repoFile), target.path);
    if (!existsSync(absolute)) throw new Error(`${where}, which does not exist`);
    const fragment = link.url.includes('#') ? link.url.slice(link.url.indexOf('#')) : '';
    let destination = null;
    if (isInside(absolute, pkgDir) && shipped.has(posix(relative(pkgDir, absolute)).split('/')[0])) {
      destination = absolute;
    } else if (isInside(absolute, docsRoot)) {
      if (statSync(absolute).isDirectory())
        throw new Error(`${where}: link a file of docs/, not the directory`);
      destination = join(shippedDocs, relative(docsRoot, absolute));
      docs.push(absolute);
    }
    const raw = text.slice(link.start, link.end);
    if (destination) {
      if (destination === absolute && shippedFile === repoFile) continue;
      const url = encodeURI(posix(relative(dirname(shippedFile), destination))) + fragment;
      const [from, to] = destinationRange(raw, link);
      edits.push([link.start, link.end, raw.slice(0, from) + url + raw.slice(to)]);
      continue;
    }
    if (link.kind !== 'link')
      throw new Error(`${where}, which the package does not ship: link it inline or ship it`);
    const repoPath = posix(relative(repoRoot, absolute));
    const packageName = publicPackageOf(absolute);
    let note;
    // A link to a directory's README.md names the directory as often as the file.
    const named = [repoPath, repoPath.replace(/\/README\.md$/, '')].some((path) => link.text.includes(path));
    if (packageName)
      note = link.text.includes(packageName)
        ? 'README.md in that package'
        : `README.md in \`${packageName}\``;
    else note = named ? 'in the ossbox repository' : `\`${repoPath}\` in the ossbox repository`;
    edits.push([link.start, link.end, `${link.text} (${note})`]);
  }
  let out = text;
  for (const [start, end, replacement] of edits.sort((a, b) => b[0] - a[0])) {
    out = out.slice(0, start) + replacement + out.slice(end);
  }
  return { text: out, docs };
}

/** Puts the repo's README.md back and removes what prepack generated. */
function restore() {
  if (existsSync(backup)) cpSync(backup, readme);
  rmSync(backupDir, { recursive: true, force: true });
  rmSync(shippedDocs, { recursive: true, force: true });
}

function prepack() {
  restore();
  const shipped = shippedTopLevel();
  // Everything is computed before anything is written: a broken link leaves the tree untouched.
  const outputs = new Map();
  const readmeText = readFileSync(readme, 'utf8');
  const first = rewrite(readmeText, readme, readme, shipped);
  outputs.set(readme, first.text);
  const pending = [...first.docs];
  while (pending.length > 0) {
    const doc = pending.pop();
    const shippedFile = join(shippedDocs, relative(docsRoot, doc));
    if (outputs.has(shippedFile)) continue;
    const { text, docs } = rewrite(readFileSync(doc, 'utf8'), doc, shippedFile, shipped);
    outputs.set(shippedFile, text);
    pending.push(...docs);
  }
  if (outputs.size > 1 && !shipped.has('docs'))
    throw new Error(`${readme} links docs, but "files" does not list docs`);
  mkdirSync(backupDir, { recursive: true });
  writeFileSync(backup, readmeText);
  for (const [file, text] of outputs) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

const command = process.argv[2];
if (command === 'prepack') prepack();
else if (command === 'postpack') restore();
else {
  console.error('usage: node scripts/pack-docs.mjs prepack|postpack (from a package directory)');
  process.exit(2);
}
