// Reading a route handler's multipart form as it arrives (busboy), apart from lib/http so proxy.ts does not carry it.
import { Readable } from 'node:stream';
import Busboy from 'busboy';

/** A multipart form read as it arrived: its fields, and its files unless together they were over the limit. */
export interface UploadForm {
  form: FormData;
  /** The files were over the limit together: none of them is in `form` (its fields all are). */
  filesTooLarge: boolean;
  /** A field was longer than `maxFieldBytes`: `form` has its beginning only. */
  fieldTruncated: boolean;
}

/**
 * A multipart (or urlencoded) form, parsed by busboy as it arrives: every field (each at most `maxFieldBytes`, 120 at most), and
 * the files while they fit in `maxFileBytes` together. Past that the files are dropped and the rest is read to its
 * end, so the fields typed with them are not lost and the browser, still sending, gets the answer. Null when the
 * body is not a form.
 */
export async function readUploadForm(request: Request, limits: { maxFileBytes: number; maxFieldBytes: number }): Promise<UploadForm | null> {
  if (!request.body) return null;
  let parser: ReturnType<typeof Busboy>;
  try {
    parser = Busboy({ headers: { 'content-type': request.headers.get('content-type') ?? '' }, limits: { fieldSize: limits.maxFieldBytes, fields: 120, files: 100 } });
  } catch {
    return null;
  }
  const form = new FormData();
  const files: Array<{ name: string; filename: string; type: string; chunks: Buffer[] }> = [];
  let fileBytes = 0;
  let filesTooLarge = false;
  let fieldTruncated = false;
  return new Promise((resolve) => {
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fieldTruncated = true;
      form.append(name, value);
    });
    parser.on('file', (name, stream, info) => {
      const file = { name, filename: info.filename ?? '', type: info.mimeType, chunks: [] as Buffer[] };
      files.push(file);
      stream.on('data', (chunk: Buffer) => {
        fileBytes += chunk.length;
        if (fileBytes > limits.maxFileBytes) {
          filesTooLarge = true;
          for (const f of files) f.chunks = [];
        } else if (!filesTooLarge) file.chunks.push(chunk);
      });
    });
    parser.on('close', () => {
      if (!filesTooLarge) for (const f of files) form.append(f.name, new File([new Uint8Array(Buffer.concat(f.chunks))], f.filename, { type: f.type }));
      resolve({ form, filesTooLarge, fieldTruncated });
    });
    parser.on('error', () => resolve(null));
    Readable.fromWeb(request.body as never).on('error', () => resolve(null)).pipe(parser);
  });
}
