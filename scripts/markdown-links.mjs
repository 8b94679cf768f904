// Links and headings of a Markdown file, read with a CommonMark + GFM parser (mdast), as GitHub
// and the npm website render it. Shared by scripts/pack-docs.mjs (which rewrites a packed
// README's links), scripts/check-markdown-links.mjs (the repo's links) and .ci/pack-test.mjs
// (every link of an installed package resolves inside it).
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import GithubSlugger from 'github-slugger';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { toString } from 'mdast-util-to-string';
import { gfm } from 'micromark-extension-gfm';
import { visit } from 'unist-util-visit';

const trees = new Map();

/**
 * The mdast tree of a Markdown text (GFM: tables, autolinks, footnotes as on GitHub). Kept per
 * text: every package ships the same docs, and parsing them is most of a check's time.
 * Treat the tree as read-only.
 */
export function parseMarkdown(text) {
  if (!trees.has(text))
    trees.set(text, fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }));
  return trees.get(text);
}

/**
 * Every link destination in the text: inline links, images and reference definitions, each with
 * its kind (`link`, `image`, `definition`), `url`, `title`, `label` (definitions), the source
 * offsets of the whole construct (`start`, `end`) and, for links and images, `text`: the source
 * of what is between the brackets (links; `textEnd` is where it ends) or the alt text (images).
 */
export function markdownLinks(text) {
  const links = [];
  visit(parseMarkdown(text), (node) => {
    if (node.type !== 'link' && node.type !== 'image' && node.type !== 'definition') return;
    // A GFM autolink literal (a bare https://… in prose) is a link without source brackets.
    if (node.type === 'link' && text[node.position.start.offset] !== '[') return;
    const start = node.position.start.offset;
    const end = node.position.end.offset;
    let inner;
    let textEnd;
    if (node.type === 'link') {
      textEnd = node.children.length ? node.children.at(-1).position.end.offset : start + 1;
      inner = node.children.length ? text.slice(node.children[0].position.start.offset, textEnd) : '';
    } else if (node.type === 'image') {
      inner = node.alt ?? '';
    }
    links.push({
      kind: node.type,
      url: node.url,
      title: node.title ?? null,
      label: node.label,
      text: inner,
      textEnd,
      start,
      end,
    });
  });
  return links;
}

/** The anchors GitHub (and npm) give the text's headings: `## 5.8 Listing` → `58-listing`. */
export function headingAnchors(text) {
  const slugger = new GithubSlugger();
  const anchors = new Set();
  visit(parseMarkdown(text), 'heading', (node) => {
    anchors.add(slugger.slug(toString(node)));
  });
  return anchors;
}

/**
 * A link destination split into its path and fragment, both percent-decoded; `null` for a URL
 * with a scheme (`https:`, `mailto:`) or a protocol-relative one: those are not files.
 */
export function relativeTarget(url) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return null;
  const hash = url.indexOf('#');
  const path = hash === -1 ? url : url.slice(0, hash);
  const fragment = hash === -1 ? null : url.slice(hash + 1);
  const decode = (part) => (part === null ? null : decodeURIComponent(part.split('?')[0]));
  return { path: decode(path), fragment: decode(fragment) };
}

/**
 * What is wrong with the relative links (and images, and reference definitions) of `files` (.md
 * paths relative to `dir`): each must resolve to an existing file or directory inside `dir`, and
 * a `#fragment` into a .md file must name one of its headings. One line per problem.
 */
export function linkProblems(dir, files) {
  const root = realpathSync(dir);
  const problems = [];
  const anchorsOf = new Map();
  const anchors = (file) => {
    if (!anchorsOf.has(file)) anchorsOf.set(file, headingAnchors(readFileSync(file, 'utf8')));
    return anchorsOf.get(file);
  };
  for (const file of files) {
    const source = join(root, file);
    for (const link of markdownLinks(readFileSync(source, 'utf8'))) {
      const target = relativeTarget(link.url);
      if (!target) continue;
      const where = `${file}: ${link.url}`;
      const resolved = target.path === '' ? source : resolve(dirname(source), target.path);
      if (!existsSync(resolved)) {
        problems.push(`${where} does not exist in ${dir}`);
        continue;
      }
      const real = realpathSync(resolved);
      if (real !== root && !real.startsWith(root + sep)) {
        problems.push(`${where} points outside ${dir}`);
        continue;
      }
      const isMarkdownFile = real.endsWith('.md') && statSync(real).isFile();
      if (target.fragment && isMarkdownFile && !anchors(real).has(target.fragment)) {
        problems.push(`${where}: no heading #${target.fragment} in ${relative(root, real)}`);
      }
    }
  }
  return problems;
}
