/** Test support: multipart/form-data bodies for PostObject, encoded as a browser would. */

/** A form part: a plain field, or the file. */
export type Part = [name: string, value: string | { filename: string; type?: string; data: string | Buffer }];

/** Encode parts in order as multipart/form-data (the platform's encoder, as a browser would). */
export async function encodeForm(parts: Part[]): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  for (const [name, value] of parts) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, new Blob([value.data], value.type ? { type: value.type } : {}), value.filename);
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { body: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}
