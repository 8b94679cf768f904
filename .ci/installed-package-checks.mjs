// Checks of one installed package (node_modules/@ossbox/<name>) as the user who installed it sees
// it, for .ci/pack-test.mjs: its Markdown links, its package.json, its source maps, what its
// shipped code imports, and the @ossbox imports of the code snippets in its Markdown. Each check
// returns a list of problems (empty: passed).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { visit } from 'unist-util-visit';
import { linkProblems, markdownLinks, parseMarkdown, relativeTarget } from '../scripts/markdown-links.mjs';

/** Every file of the installed package, relative to it, except its own node_modules. */
function packageFiles(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules') return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? packageFiles(path, base) : [relative(base, path)];
  });
}

const markdownFiles = (pkgDir) => packageFiles(pkgDir).filter((file) => file.endsWith('.md'));

/**
 * Every relative link (and image, and reference definition) of every shipped .md file resolves to
 * a file inside the installed package, and a `#fragment` into a .md file names one of its headings.
 */
export const markdownLinkProblems = (pkgDir) => linkProblems(pkgDir, markdownFiles(pkgDir));

/**
 * The manifest as installed: `files` lists README.md (and docs when README.md links there),
 * `license` and a LICENSE file, `engines.node` as the workspace's, and every path that `main`,
 * `types`, `exports`, `typesVersions` and `bin` name is in the package.
 */
export function manifestProblems(pkgDir, workspaceManifest) {
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const problems = [];
  const files = manifest.files ?? [];
  if (!files.includes('README.md')) problems.push('"files" does not list README.md');
  if (!existsSync(join(pkgDir, 'README.md'))) problems.push('README.md is not shipped');
  const linksDocs = markdownLinks(readFileSync(join(pkgDir, 'README.md'), 'utf8')).some((link) =>
    relativeTarget(link.url)?.path.startsWith('docs/'),
  );
  if (linksDocs && !files.includes('docs'))
    problems.push('README.md links docs/, but "files" does not list docs');
  if (manifest.license !== workspaceManifest.license)
    problems.push(`license is ${manifest.license}, not ${workspaceManifest.license}`);
  const licenseFile = ['LICENSE', 'LICENSE.md'].find((name) => existsSync(join(pkgDir, name)));
  if (!licenseFile) problems.push('no LICENSE file');
  else if (!readFileSync(join(pkgDir, licenseFile), 'utf8').includes(`${manifest.license} License`)) {
    problems.push(`${licenseFile} is not the ${manifest.license} License`);
  }
  if (manifest.engines?.node !== workspaceManifest.engines.node) {
    problems.push(`engines.node is ${manifest.engines?.node}, not ${workspaceManifest.engines.node}`);
  }
  const paths = [];
  const collect = (value, field) => {
    if (typeof value === 'string') paths.push([field, value]);
    else if (Array.isArray(value)) value.forEach((item) => collect(item, field));
    else if (value && typeof value === 'object')
      for (const [key, item] of Object.entries(value)) collect(item, `${field}.${key}`);
  };
  for (const field of ['main', 'types', 'exports', 'typesVersions', 'bin']) collect(manifest[field], field);
  for (const [field, path] of paths) {
    if (!existsSync(join(pkgDir, path))) problems.push(`${field}: ${path} is not in the package`);
  }
  return problems;
}

/**
 * Every source map the package ships (dist/*.js.map, *.d.ts.map: "go to definition") names
 * sources that are shipped too, inside the package.
 */
export function sourceMapProblems(pkgDir) {
  const problems = [];
  for (const file of packageFiles(pkgDir).filter((name) => name.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(join(pkgDir, file), 'utf8'));
    for (const source of map.sources) {
      const path = relative(pkgDir, resolve(pkgDir, dirname(file), map.sourceRoot ?? '', source));
      if (path.startsWith('..') || !existsSync(join(pkgDir, path)))
        problems.push(`${file}: source ${source} is not shipped`);
    }
  }
  return problems;
}

/** `lodash/fp` → `lodash`, `@scope/name/sub` → `@scope/name`. */
const packageOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * Every module the package's shipped JavaScript and declarations import by bare name is one
 * the consumer's install provides: a Node built-in, the package itself, or one of its
 * `dependencies` / `peerDependencies` (for declarations also through `@types/<name>`). A module
 * only the monorepo has (a devDependency, e.g. vitest in a test helper compiled into dist/)
 * would fail for the user, at run time or under `skipLibCheck: false`.
 */
export function undeclaredImportProblems(pkgDir) {
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const declared = new Set([
    manifest.name,
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ]);
  const problems = [];
  for (const file of packageFiles(pkgDir).filter((name) => /\.(m?js|d\.ts)$/.test(name))) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(pkgDir, file), 'utf8'), true, true);
    for (const { fileName: specifier } of importedFiles) {
      if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) continue;
      const name = packageOf(specifier);
      if (isBuiltin(name) || declared.has(name)) continue;
      if (file.endsWith('.d.ts') && declared.has(`@types/${name.replace(/^@(.*)\//, '$1__')}`)) continue;
      problems.push(`${file} imports ${specifier}, which is not in dependencies or peerDependencies`);
    }
  }
  return problems;
}

const SNIPPET_LANGUAGES = {
  ts: ts.ScriptKind.TS,
  typescript: ts.ScriptKind.TS,
  tsx: ts.ScriptKind.TSX,
  js: ts.ScriptKind.JS,
  javascript: ts.ScriptKind.JS,
  mjs: ts.ScriptKind.JS,
  jsx: ts.ScriptKind.JSX,
};

/**
 * What the TypeScript and JavaScript code blocks of the package's .md files import from
 * `scope` (`@ossbox/`): one `{ file, specifier, name }` per binding, `name` being `default`, `*`
 * (namespace or dynamic import) or the exported name.
 */
export function snippetImports(pkgDir, scope) {
  const imports = [];
  for (const file of markdownFiles(pkgDir)) {
    visit(parseMarkdown(readFileSync(join(pkgDir, file), 'utf8')), 'code', (node) => {
      const kind = SNIPPET_LANGUAGES[node.lang];
      if (kind === undefined) return;
      const sourceFile = ts.createSourceFile('snippet', node.value, ts.ScriptTarget.Latest, true, kind);
      const add = (specifier, name) => {
        if (specifier.startsWith(scope)) imports.push({ file, specifier, name });
      };
      const walk = (child) => {
        if (ts.isImportDeclaration(child) && ts.isStringLiteral(child.moduleSpecifier)) {
          const specifier = child.moduleSpecifier.text;
          const clause = child.importClause;
          if (!clause) add(specifier, '*');
          if (clause?.name) add(specifier, 'default');
          const bindings = clause?.namedBindings;
          if (bindings && ts.isNamespaceImport(bindings)) add(specifier, '*');
          if (bindings && ts.isNamedImports(bindings)) {
            for (const element of bindings.elements)
              add(specifier, (element.propertyName ?? element.name).text);
          }
        } else if (ts.isCallExpression(child) && child.expression.kind === ts.SyntaxKind.ImportKeyword) {
          const [argument] = child.arguments;
          if (argument && ts.isStringLiteral(argument)) add(argument.text, '*');
        }
        ts.forEachChild(child, walk);
      };
      walk(sourceFile);
    });
  }
  return imports;
}

/** A server a snippet creates: Express, Fastify, Koa, Hono or node:http. */
const CREATES_SERVER = /\bexpress\(\)|\bFastify\(|\bnew Koa\b|\bnew Hono\b|\bcreateServer\(/;
/** What starts one: `.listen(…)`, or `serve(…)` (@hono/node-server). */
const STARTS_SERVER = /\.listen\(|\bserve\(/;

/**
 * Every TypeScript or JavaScript code block of the package's .md files that creates a server also
 * starts it: copied as it is, a snippet without `listen` exits at once, and the emulator's callbacks
 * then fail with "OSS can not connect to your callbackUrl".
 */
export function unstartedServerProblems(pkgDir) {
  const problems = [];
  for (const file of markdownFiles(pkgDir)) {
    visit(parseMarkdown(readFileSync(join(pkgDir, file), 'utf8')), 'code', (node) => {
      if (SNIPPET_LANGUAGES[node.lang] === undefined) return;
      if (CREATES_SERVER.test(node.value) && !STARTS_SERVER.test(node.value)) {
        problems.push(`${file}:${node.position.start.line}: the snippet creates a server but never listens`);
      }
    });
  }
  return problems;
}

/** A TypeScript module importing each of `imports` once, under its own alias, for `tsc` to resolve. */
export function importsModule(imports) {
  const lines = ["// Generated by .ci/pack-test.mjs: what the installed packages' Markdown snippets import."];
  const seen = new Set();
  const unique = imports.filter(
    ({ specifier, name }) => !seen.has(`${specifier} ${name}`) && seen.add(`${specifier} ${name}`),
  );
  unique.forEach(({ file, specifier, name }, index) => {
    const alias = `snippet${index}`;
    const clause = name === '*' ? `* as ${alias}` : name === 'default' ? alias : `{ ${name} as ${alias} }`;
    lines.push(`import ${clause} from '${specifier}'; // ${file}`);
  });
  return `${lines.join('\n')}\nexport {};\n`;
}
