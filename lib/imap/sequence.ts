// IMAP sequence sets (RFC 3501 sequence-set / RFC 4731 ESEARCH ALL): numbers to the compact form and back.

/** A compact IMAP sequence set for a list of numbers ("3:5,9"), so a page of rows is one short command. */
export function sequenceSet(numbers: number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    runs.push(i === j ? String(sorted[i]) : `${sorted[i]}:${sorted[j]}`);
    i = j + 1;
  }
  return runs.join(',');
}

/**
 * The numbers in a sequence set as the server sends it ("1,5:10"), ascending. At most `maxCount` of them: a search
 * cannot match more messages than the folder holds, so a larger set is the server's mistake and is cut, not expanded.
 */
export function expandSequenceSet(set: string, maxCount: number): number[] {
  const out = new Set<number>();
  for (const item of set.split(',')) {
    const m = /^(\d+)(?::(\d+))?$/.exec(item.trim());
    if (!m) continue;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    for (let n = Math.max(1, Math.min(a, b)); n <= Math.max(a, b) && out.size < maxCount; n++) out.add(n);
  }
  return [...out].sort((x, y) => x - y);
}
