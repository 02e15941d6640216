// IMAP sequence sets (RFC 3501 sequence-set, RFC 4731 ESEARCH ALL): numbers to the compact form and back.
// What the server sends is parsed into merged ranges and never expanded in full: work stays proportional to the
// length of the answer, whatever numbers a broken or hostile server puts in it.

/** An inclusive range of UIDs or sequence numbers, `from` ≤ `to`. */
export type Range = readonly [from: number, to: number];

/** IMAP numbers are unsigned 32-bit (RFC 3501 nz-number). */
const MAX_NUMBER = 0xffff_ffff;

/** A compact IMAP sequence set for a list of numbers ("3:5,9"), so a page of rows is one short command. */
export function sequenceSet(numbers: number[]): string {
  return setOf(rangesOf(numbers));
}

/** Ranges as an IMAP sequence set ("3:5,9"). */
export function setOf(ranges: readonly Range[]): string {
  return ranges.map(([a, b]) => (a === b ? String(a) : `${a}:${b}`)).join(',');
}

/** Numbers as sorted, merged ranges. */
export function rangesOf(numbers: number[]): Range[] {
  return merge(numbers.filter(valid).map((n) => [n, n] as const));
}

/**
 * A sequence set as the server sends it ("1,5:10,7:3"), as sorted, merged ranges. Items that are not valid IMAP
 * numbers (0, over 2^32 − 1, "*", garbage) are skipped.
 */
export function parseSequenceSet(set: string): Range[] {
  return merge(itemsOf(set).map(([a, b]) => (a <= b ? [a, b] : [b, a])));
}

/** The items of a sequence set as written ("9:7" stays 9 then 7), the invalid ones left out. */
function itemsOf(set: string): Array<[number, number]> {
  const items: Array<[number, number]> = [];
  for (const item of set.split(',')) {
    const m = /^(\d{1,10})(?::(\d{1,10}))?$/.exec(item.trim());
    if (!m) continue;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (valid(a) && valid(b)) items.push([a, b]);
  }
  return items;
}

/**
 * A sequence set in the order it is written ("5,9:7" is 5, 9, 8, 7), as a server writes an order (a SORT's
 * PARTIAL answer), at most `max` numbers: a range is only walked as far as that, whatever it says.
 */
export function orderedNumbers(set: string, max: number): number[] {
  const out: number[] = [];
  for (const [a, b] of itemsOf(set)) {
    const step = a <= b ? 1 : -1;
    for (let n = a; out.length < max; n += step) {
      out.push(n);
      if (n === b) break;
    }
    if (out.length >= max) break;
  }
  return out;
}

/** The numbers in any of the lists of ranges, as sorted, merged ranges. */
export function unionOf(lists: ReadonlyArray<readonly Range[]>): Range[] {
  return merge(lists.flat());
}

/** How many numbers the ranges hold. */
export function rangeCount(ranges: readonly Range[]): number {
  return ranges.reduce((sum, [a, b]) => sum + (b - a + 1), 0);
}

/**
 * The numbers at positions `from`..`to` (1-based, ascending: position 1 is the smallest number), without listing
 * the others. A page of search results is such a slice, counted from the top.
 */
export function sliceRanges(ranges: readonly Range[], from: number, to: number): number[] {
  const out: number[] = [];
  let seen = 0;
  for (const [a, b] of ranges) {
    const size = b - a + 1;
    const start = Math.max(from, seen + 1);
    const end = Math.min(to, seen + size);
    for (let pos = start; pos <= end; pos++) out.push(a + (pos - seen - 1));
    seen += size;
    if (seen >= to) break;
  }
  return out;
}

/** The position (1-based, ascending) of `n` in the ranges, or undefined when they do not hold it. */
export function positionIn(ranges: readonly Range[], n: number): number | undefined {
  let seen = 0;
  for (const [a, b] of ranges) {
    if (n < a) return undefined;
    if (n <= b) return seen + (n - a) + 1;
    seen += b - a + 1;
  }
  return undefined;
}

function valid(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= MAX_NUMBER;
}

function merge(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out.at(-1);
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}
