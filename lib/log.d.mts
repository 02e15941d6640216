import type { Logger } from 'pino';

/** The one logger of the process (lib/log.mjs). */
export const log: Logger;
