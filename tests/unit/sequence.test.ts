import { describe, expect, it } from 'vitest';
import { parseSequenceSet, positionIn, rangeCount, rangesOf, sequenceSet, sliceRanges } from '@/lib/imap/sequence';

describe('IMAP sequence sets', () => {
  it('compacts numbers into runs, in any order, without duplicates', () => {
    expect(sequenceSet([19, 18, 17, 10, 11, 12, 40])).toBe('10:12,17:19,40');
    expect(sequenceSet([5, 5, 5])).toBe('5');
    expect(sequenceSet([])).toBe('');
  });

  it('parses what the server sends into sorted, merged ranges, also reversed and overlapping ones', () => {
    expect(parseSequenceSet('1,5:7,3')).toEqual([[1, 1], [3, 3], [5, 7]]);
    expect(parseSequenceSet('9:7,8:12,13')).toEqual([[7, 13]]);
    expect(parseSequenceSet(sequenceSet([3, 4, 5, 90, 91]))).toEqual(rangesOf([91, 90, 5, 4, 3]));
    expect(rangeCount(parseSequenceSet('1:10,20,30:31'))).toBe(13);
  });

  it('takes a page from the top without listing the rest', () => {
    const matches = parseSequenceSet('1:100000,200000:200009');
    const total = rangeCount(matches);
    expect(total).toBe(100_010);
    // positions are ascending; page 1 (newest first) is the top 50
    expect(sliceRanges(matches, total - 49, total)).toEqual([...Array.from({ length: 40 }, (_, i) => 99_961 + i), ...Array.from({ length: 10 }, (_, i) => 200_000 + i)]);
    expect(sliceRanges(matches, 1, 3)).toEqual([1, 2, 3]);
    expect(sliceRanges([], 1, 50)).toEqual([]);
  });

  it('finds where a number stands in the ranges (the inverse of sliceRanges), without expanding them', () => {
    const ranges = parseSequenceSet('3:5,9,200000:4294967295');
    expect([3, 5, 9, 200_000].map((n) => positionIn(ranges, n))).toEqual([1, 3, 4, 5]);
    expect(positionIn(ranges, 4294967295)).toBe(4 + 4294967295 - 200_000 + 1);
    for (const n of [1, 6, 8, 10, 199_999]) expect(positionIn(ranges, n), String(n)).toBeUndefined();
    expect(positionIn([], 1)).toBeUndefined();
    for (const p of [1, 3, 4, 5]) expect(positionIn(ranges, sliceRanges(ranges, p, p)[0])).toBe(p);
  });

  it('survives a hostile answer: huge numbers, endless repeats and garbage cost no more than their length', () => {
    // Beyond 2^53 a counting loop never ends; beyond 2^32 is not an IMAP number at all.
    expect(parseSequenceSet('9007199254740993:9007199254741999,99999999999,4294967296')).toEqual([]);
    expect(parseSequenceSet('4294967290:4294967295')).toEqual([[4294967290, 4294967295]]);
    const repeated = Array.from({ length: 100_000 }, () => '1:4294967295').join(',');
    // An implementation that expands the set would not finish within the test's time limit.
    const ranges = parseSequenceSet(repeated);
    expect(ranges).toEqual([[1, 4294967295]]);
    expect(rangeCount(ranges)).toBe(4294967295);
    expect(sliceRanges(ranges, 4294967295 - 1, 4294967295)).toEqual([4294967294, 4294967295]);
    expect(parseSequenceSet('x,2,*,0:1,-4,,1:2:3')).toEqual([[2, 2]]);
  });
});
