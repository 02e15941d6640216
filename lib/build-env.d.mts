/** FEATHER_BASE_PATH as a base path: '' at the site's root, else '/webmail'; throws naming what is wrong. */
export function parseBasePath(value: string | undefined): string;
/** FEATHER_DIST_DIR: the build's folder inside the project (default .next). */
export function parseDistDir(value: string | undefined): string;
/** The base path the build in `distDir` was made with, or undefined when there is no build there. */
export function builtBasePath(root: string, distDir: string): string | undefined;
/** The build's base path, or an Error naming both when FEATHER_BASE_PATH was set at run time to another one. */
export function servedBasePath(built: string, runtimeValue: string | undefined, distDir: string): string;
