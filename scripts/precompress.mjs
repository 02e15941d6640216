// After `next build`: writes brotli (.br, best quality) and gzip (.gz) copies of the hashed static assets,
// which server.mjs serves as they are. Done once at build time, so no request pays for compression.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseDistDir } from '../lib/build-env.mjs';

// The build's folder: FEATHER_DIST_DIR as `next build` had it (default .next).
const dir = path.join(process.cwd(), parseDistDir(process.env.FEATHER_DIST_DIR), 'static');
let files = 0;
let raw = 0;
let br = 0;
for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !/\.(js|css|json|txt|svg)$/.test(entry.name)) continue;
  const file = path.join(entry.parentPath ?? entry.path, entry.name);
  const data = fs.readFileSync(file);
  const brotli = zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
  fs.writeFileSync(file + '.br', brotli);
  fs.writeFileSync(file + '.gz', zlib.gzipSync(data, { level: 9 }));
  files++;
  raw += data.length;
  br += brotli.length;
}
console.log(`precompressed ${files} static files: ${(raw / 1024).toFixed(0)} KB → ${(br / 1024).toFixed(0)} KB brotli`);
