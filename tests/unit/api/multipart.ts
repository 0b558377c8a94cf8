import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

const boundary = '----hotline-test-7d0f3a';

/** A multipart/form-data body with one file part (bytes or a file streamed from disk) and optional text fields. */
export function multipartBody(file: { name: string; content?: Buffer | string; path?: string; field?: string }, fields: Record<string, string> = {}) {
  const head = Buffer.from(
    Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
  if (file.path) {
    const path = file.path;
    async function* parts() {
      yield head;
      for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) yield chunk as Buffer;
      yield tail;
    }
    return { headers, payload: Readable.from(parts()) };
  }
  return { headers, payload: Buffer.concat([head, Buffer.from(file.content ?? ''), tail]) };
}

/** A form with text fields and no file part. */
export function multipartWithoutFile(fields: Record<string, string>) {
  const body = Object.entries(fields)
    .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('');
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: `${body}--${boundary}--\r\n` };
}
