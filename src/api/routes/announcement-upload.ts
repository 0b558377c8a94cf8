import type { FastifyRequest } from 'fastify';
import type { WavFile } from '../../announcement-library/library-commands.js';
import { announcementLabels, type AnnouncementLabel } from '../../announcements/labels.js';
import { uploadReadError } from '../multipart-error.js';
import { HotlineError } from '../../errors.js';

/** An uploaded name kept readable (Chinese included) and short; a folder in it stays, as it may name the label. */
export function uploadedWavName(name: string | undefined, n: number): string {
  const parts = (name ?? '')
    .replace(/\\/g, '/')
    .split('/')
    .map((s) => s.replace(/[^\p{L}\p{N}._ -]/gu, '_').replace(/^\.+/, ''))
    .filter(Boolean)
    .slice(-2);
  return parts.join('/').slice(-120) || `upload-${n}.wav`;
}

const tooLarge = (file: string, max: number) =>
  new HotlineError('ANNOUNCEMENT_FILE_TOO_LARGE', `${file}: larger than ${max} bytes (announcements.maxFileBytes); nothing was imported`, { key: file, details: { file, maxBytes: max } });

/**
 * Reads the WAV parts of a multipart import into memory, each stopped at `maxBytes`: a 50 MB file is refused when
 * its first `maxBytes` are in, never read whole; all of them together stop at `maxTotalBytes` (api.upload.maxBytes).
 * The optional "label" field, sent before the files, labels them all.
 */
export async function receiveWavs(req: FastifyRequest, maxBytes: number, maxFiles: number, maxTotalBytes: number): Promise<{ files: WavFile[]; label?: AnnouncementLabel }> {
  if (!req.isMultipart()) throw new HotlineError('UPLOAD_INVALID', 'send the WAV files as multipart/form-data parts "files"', { key: 'files' });
  const files: WavFile[] = [];
  let label: AnnouncementLabel | undefined;
  let total = 0;
  try {
    await readParts();
  } catch (err) {
    // A body cut short, a boundary that does not match: the client's (400), as for list uploads (multipart-error.ts).
    throw uploadReadError(err, () => new HotlineError('UPLOAD_TOO_LARGE', `a file is larger than ${maxBytes} bytes (announcements.maxFileBytes); nothing was imported`, { key: 'files', details: { maxBytes } }));
  }
  return { files, ...(label ? { label } : {}) };

  async function readParts(): Promise<void> {
  for await (const part of req.parts({ limits: { fileSize: maxBytes, files: maxFiles, fields: 5, parts: maxFiles + 5 } })) {
    if (part.type === 'field') {
      if (part.fieldname !== 'label') continue;
      const v = String(part.value).trim();
      if (v === '') continue;
      if (!(announcementLabels as readonly string[]).includes(v)) throw new HotlineError('BAD_REQUEST', `label: must be one of ${announcementLabels.join(', ')}`, { key: 'label' });
      label = v as AnnouncementLabel;
      continue;
    }
    const name = uploadedWavName(part.filename, files.length + 1);
    if (part.fieldname !== 'files' && part.fieldname !== 'file') {
      part.file.resume();
      throw new HotlineError('UPLOAD_INVALID', `the WAV files go in the form field "files", not "${part.fieldname.slice(0, 40)}"`, { key: 'files' });
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of part.file as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      total += chunk.length;
      if (bytes > maxBytes) throw tooLarge(name, maxBytes);
      if (total > maxTotalBytes) throw new HotlineError('UPLOAD_TOO_LARGE', `the files together are larger than ${maxTotalBytes} bytes (api.upload.maxBytes); nothing was imported`, { key: 'files', details: { maxBytes: maxTotalBytes } });
      chunks.push(chunk);
    }
    if (part.file.truncated) throw tooLarge(name, maxBytes);
    files.push({ name, bytes: Buffer.concat(chunks) });
  }
  }
}
