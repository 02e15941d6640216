// @ts-check
// What the build fixes and the server must agree with: the sub-path Feather is served under (FEATHER_BASE_PATH) and
// where the build goes (FEATHER_DIST_DIR). Plain JavaScript, shared by next.config.mjs, server.mjs, the precompress
// script and the rig.
//
// FEATHER_BASE_PATH is read by next.config.mjs at build time: Next.js inlines the base path in the client bundles
// and the pages, so changing it needs a rebuild. server.mjs reads the base path the build used from the build itself
// and refuses to start when FEATHER_BASE_PATH is set to something else at run time.
import fs from 'node:fs';
import path from 'node:path';

/** One path segment: letters, digits, '.', '_', '-', starting with a letter or digit (so never '.' or '..'). */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_BASE_PATH = 100;

/**
 * The base path FEATHER_BASE_PATH names: '' (served at the site's root) when unset or empty, else '/webmail' or
 * '/apps/webmail'. Throws an Error naming the variable and what is wrong.
 * @param {string | undefined} value
 * @returns {string}
 */
export function parseBasePath(value) {
  if (value === undefined || value === '') return '';
  /** @param {string} why */
  const bad = (why) => new Error(`FEATHER_BASE_PATH ${why} (got "${value}"); e.g. FEATHER_BASE_PATH=/webmail, or empty for the site's root`);
  if (value.length > MAX_BASE_PATH) throw bad(`must be at most ${MAX_BASE_PATH} characters`);
  if (!value.startsWith('/')) throw bad('must start with "/"');
  if (value === '/') throw bad('must name a sub-path: leave it empty to serve Feather at the site\'s root');
  if (value.endsWith('/')) throw bad('must not end with "/"');
  if (!value.slice(1).split('/').every((s) => SEGMENT.test(s))) throw bad('may hold only letters, digits, ".", "_" and "-" between its slashes');
  return value;
}

/**
 * Where `next build` writes and server.mjs reads the build: FEATHER_DIST_DIR, a folder name inside the project
 * (default .next). The test suite builds a second copy under /webmail into .next-webmail.
 * @param {string | undefined} value
 * @returns {string}
 */
export function parseDistDir(value) {
  if (value === undefined || value === '') return '.next';
  if (!/^\.?[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value)) throw new Error(`FEATHER_DIST_DIR must be a folder name inside the project, such as .next (got "${value}")`);
  return value;
}

/**
 * The base path the build in `distDir` was made with (Next.js writes its whole configuration into
 * required-server-files.json), or undefined when there is no build there.
 * @param {string} root the project's folder
 * @param {string} distDir
 * @returns {string | undefined}
 */
export function builtBasePath(root, distDir) {
  const file = path.join(root, distDir, 'required-server-files.json');
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const basePath = JSON.parse(text)?.config?.basePath;
  if (typeof basePath !== 'string') throw new Error(`${file} names no basePath: is this a build of Feather?`);
  return basePath;
}

/**
 * The base path to serve: the build's. A FEATHER_BASE_PATH set at run time must say the same (it cannot change the
 * build); an Error says both when it does not. Unset at run time, the build's is used.
 * @param {string} built the build's base path
 * @param {string | undefined} runtimeValue FEATHER_BASE_PATH as the server was started with
 * @param {string} distDir
 * @returns {string}
 */
export function servedBasePath(built, runtimeValue, distDir) {
  if (runtimeValue === undefined) return built;
  const wanted = parseBasePath(runtimeValue);
  if (wanted !== built) {
    /** @param {string} p */
    const show = (p) => (p === '' ? 'empty (the site\'s root)' : `"${p}"`);
    throw new Error(
      `FEATHER_BASE_PATH is ${show(wanted)}, but the build in ${distDir} was made with ${show(built)}. ` +
        'The base path is fixed at build time: run `npm run build` again with the new FEATHER_BASE_PATH, or set it back.',
    );
  }
  return built;
}
