import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT_TYPE, guessContentType, uploadContentType } from './content-type.js';

describe('guessContentType', () => {
  it.each([
    [['photo.jpg'], 'image/jpeg'],
    [['PHOTO.JPG'], 'image/jpeg'],
    [['dir/page.html'], 'text/html'],
    [['archive.tar.gz'], 'application/gzip'],
    [['/tmp/upload.tmp-unknown', 'avatars/alice.png'], 'image/png'],
    [['/tmp/a.svg', 'b.png'], 'image/svg+xml'],
    [[undefined, 'b.png'], 'image/png'],
  ])('%j → %s', (names, expected) => {
    expect(guessContentType(...names)).toBe(expected);
  });

  // Only an extension counts, as with ali-oss's mime.getType(path.extname(name)).
  it.each([['png'], ['.png'], ['dir.png/file'], ['notes'], ['x.unknown-extension'], ['']])('%j has no known extension → application/octet-stream', (name) => {
    expect(guessContentType(name)).toBe(DEFAULT_CONTENT_TYPE);
  });

  it('with no names is application/octet-stream', () => {
    expect(guessContentType()).toBe('application/octet-stream');
  });
});

describe('uploadContentType', () => {
  it('takes contentType, then a Content-Type header in any case, then the guess', () => {
    expect(uploadContentType({ contentType: 'a/b', headers: { 'content-type': 'c/d' } }, 'x.png')).toBe('a/b');
    expect(uploadContentType({ headers: { 'Content-TYPE': 'c/d' } }, 'x.png')).toBe('c/d');
    expect(uploadContentType({ headers: { 'cache-control': 'no-cache' } }, 'x.png')).toBe('image/png');
    expect(uploadContentType({}, 'x')).toBe('application/octet-stream');
  });
});
