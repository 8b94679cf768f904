// Every relative link of the repo's tracked Markdown files resolves to a file in the repo, and a
// `#fragment` into a .md file names one of its headings (GitHub's anchors). Part of `pnpm lint`
// and of the pack test; the links of the packed packages are checked there too, once installed.
//
// Usage: node scripts/check-markdown-links.mjs   (from anywhere in the repo; exit code 1 on a problem)
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { linkProblems } from './markdown-links.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const files = execFileSync('git', ['ls-files', '-z', '--', '*.md'], { cwd: repoRoot, encoding: 'utf8' })
  .split('\0')
  .filter(Boolean);
const problems = linkProblems(repoRoot, files);
for (const problem of problems) console.error(problem);
console.log(`${files.length} Markdown files, ${problems.length} broken links`);
process.exit(problems.length > 0 ? 1 : 0);
