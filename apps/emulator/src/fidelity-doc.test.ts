/**
 * docs/fidelity.md lists every operation the emulator implements and every sub-resource that
 * answers NotImplemented. These tests keep both tables equal to what `resolveOperation` does.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { BUCKET_CONFIG_KINDS } from './bucket-config/kinds.js';
import type { Address } from './context.js';
import { resolveOperation, UNSUPPORTED } from './operations.js';

const DOC = readFileSync(new URL('../../../docs/fidelity.md', import.meta.url), 'utf8');
const SOURCE = readFileSync(new URL('./operations.ts', import.meta.url), 'utf8');

/** First-column cells (backticks removed) of the table under the `## <heading…>` section. */
function firstColumn(headingStart: string): string[] {
  const start = DOC.indexOf(`## ${headingStart}`);
  if (start < 0) throw new Error(`docs/fidelity.md has no "## ${headingStart}" section`);
  const rest = DOC.slice(start + 3);
  const next = rest.indexOf('\n## ');
  const rows = (next < 0 ? rest : rest.slice(0, next)).split('\n').filter((line) => line.startsWith('|'));
  // rows[0] is the header, rows[1] the |---| separator.
  return rows.slice(2).map((row) => row.split('|')[1]!.trim().replace(/`/g, ''));
}

function resolve(method: string, level: 'service' | 'bucket' | 'object', query: Record<string, string>, copy: boolean) {
  const req = { method, headers: copy ? { 'x-oss-copy-source': '/src/key' } : {} } as unknown as Request;
  const address: Address = {
    style: 'path',
    bucket: level === 'service' ? undefined : 'examplebucket',
    key: level === 'object' ? 'a.txt' : undefined,
    query,
  };
  return resolveOperation(req, address);
}

/** Every operation name reachable through the sub-resources and headers the emulator routes on. */
function reachableOperations(): Set<string> {
  const queries: Record<string, string>[] = [
    {},
    { acl: '' },
    { cors: '' },
    { location: '' },
    { bucketInfo: '' },
    { uploads: '' },
    { 'list-type': '2' },
    { delete: '' },
    { uploadId: 'u' },
    { partNumber: '1', uploadId: 'u' },
    { objectMeta: '' },
    { tagging: '' },
    { append: '', position: '0' },
    { stat: '' },
    { inventory: '' },
    { inventory: '', inventoryId: 'report1' },
    ...BUCKET_CONFIG_KINDS.map((kind) => ({ [kind.name]: '' })),
    { symlink: '' },
    { restore: '' },
    { live: '' },
    { style: '' },
    { style: '', styleName: 's' },
    { 'x-oss-process': 'image/info' },
  ];
  const names = new Set<string>();
  for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'POST', 'OPTIONS', 'PATCH']) {
    for (const level of ['service', 'bucket', 'object'] as const) {
      for (const query of queries) {
        for (const copy of [false, true]) {
          try {
            names.add(resolve(method, level, query, copy).name);
          } catch {
            // MethodNotAllowed: no operation there.
          }
        }
      }
    }
  }
  return names;
}

describe('docs/fidelity.md', () => {
  it('the probe reaches every operation named in operations.ts', () => {
    const inSource = new Set([...SOURCE.matchAll(/\bop\('(\w+)'/g)].map((m) => m[1]!));
    // Configurations of bucket-config/kinds.ts are routed through the table, not by literal name.
    for (const kind of BUCKET_CONFIG_KINDS) for (const name of [kind.put, kind.get, kind.delete]) if (name) inSource.add(name);
    expect(inSource.size).toBeGreaterThan(20);
    expect([...reachableOperations()].sort()).toEqual([...inSource].sort());
  });

  it('lists exactly the operations the emulator implements', () => {
    const documented = firstColumn('Operations the emulator implements');
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual([...reachableOperations()].sort());
  });

  it('lists exactly the sub-resources that answer NotImplemented', () => {
    const documented = firstColumn('Sub-resources that answer 501 NotImplemented');
    expect([...documented].sort()).toEqual([...UNSUPPORTED].sort());
    for (const name of documented) {
      expect(() => resolve('GET', 'object', { [name]: '' }, false)).toThrow(
        expect.objectContaining({ code: 'NotImplemented', status: 501 }),
      );
    }
  });

  it('lists every public ali-oss method, with a status its operations bear out', () => {
    // The installed client's public methods (own and inherited, without the `_` private ones).
    const OSS = createRequire(import.meta.url)('ali-oss') as { prototype: Record<string, unknown> };
    const methods = new Set<string>();
    for (let proto: object | null = OSS.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        if (name !== 'constructor' && !name.startsWith('_') && typeof OSS.prototype[name] === 'function') methods.add(name);
      }
    }
    const start = DOC.indexOf('## ali-oss methods');
    const rows = DOC.slice(start, DOC.indexOf('\n## ', start + 3))
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split('|').map((cell) => cell.trim().replace(/`/g, '')));
    const documented = rows.map((cells) => cells[1]!);
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual([...methods].sort());
    const reachable = reachableOperations();
    for (const [, method, operations, status] of rows) {
      const names = operations!.split(',').map((name) => name.trim()).filter(Boolean);
      if (status === 'client-side') expect(names, method).toEqual([]);
      else if (status === 'NotImplemented') for (const name of names) expect(reachable.has(name), `${method}: ${name}`).toBe(false);
      else {
        expect(['implemented', 'stored only'], method).toContain(status);
        expect(names.length, method).toBeGreaterThan(0);
        for (const name of names) expect(reachable.has(name), `${method}: ${name}`).toBe(true);
      }
    }
  });
});
