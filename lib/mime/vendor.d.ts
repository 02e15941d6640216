// Minimal typings for the untyped CommonJS helpers lib/mime uses. Only what we call is
// declared, so a wrong call is still a type error. `export =` + default import works both
// under Vitest (Node's CJS interop) and under the Next.js bundler.

declare module 'libqp' {
  const libqp: {
    /** Quoted-printable text (string, or Buffer read byte for byte) to bytes. */
    decode(input: string | Buffer): Buffer;
    encode(input: string | Buffer): string;
    wrap(input: string, lineLength?: number): string;
    /** Streaming decoder: quoted-printable in, bytes out. */
    Decoder: new () => import('node:stream').Transform;
  };
  export = libqp;
}

declare module 'libbase64' {
  const libbase64: {
    /** Base64 text to bytes; copes with several padded segments. */
    decode(input: string): Buffer;
    encode(input: string | Buffer): string;
    wrap(input: string, lineLength?: number): string;
    /** Streaming decoder: base64 in (any chunking), bytes out. */
    Decoder: new () => import('node:stream').Transform;
  };
  export = libbase64;
}

declare module 'libmime/lib/charset' {
  const charset: {
    /** Bytes to text; handles the ISO-2022-JP family via encoding-japanese, never throws. */
    decode(buf: Buffer, fromCharset?: string): string;
    /** Canonical charset name for common aliases ("win-1252" → "WINDOWS-1252"). */
    normalizeCharset(charset?: string): string;
  };
  export = charset;
}
