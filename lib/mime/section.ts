// IMAP section numbers ("1", "2.1.3"; RFC 3501 §6.4.5): the one check of what a section may look like, for part
// links coming in from a URL and for lookups in a message's structure alike.

/** Nesting deeper than this is not looked at; real mail nests a handful of levels. */
export const MAX_DEPTH = 50;

/** A section may be this many steps long: one per multipart level, one more per embedded message. */
export const MAX_SECTION_STEPS = MAX_DEPTH * 2;

// At most MAX_PARTS (500) parts are ever looked at, so no step needs more than four digits.
const SECTION = /^[1-9]\d{0,3}(?:\.[1-9]\d{0,3})*$/;

/** True for a well-formed section number within the depth Feather looks at. */
export function isSectionNumber(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_SECTION_STEPS * 5 && SECTION.test(value) && value.split('.').length <= MAX_SECTION_STEPS;
}
