import { describe, expect, it } from 'vitest';
import { expandSequenceSet, sequenceSet } from '@/lib/imap/sequence';

describe('IMAP sequence sets', () => {
  it('compacts numbers into runs, in any order, without duplicates', () => {
    expect(sequenceSet([19, 18, 17, 10, 11, 12, 40])).toBe('10:12,17:19,40');
    expect(sequenceSet([5, 5, 5])).toBe('5');
    expect(sequenceSet([])).toBe('');
  });

  it('expands what the server sends, ascending, also reversed ranges', () => {
    expect(expandSequenceSet('1,5:7,3', 100)).toEqual([1, 3, 5, 6, 7]);
    expect(expandSequenceSet('9:7', 100)).toEqual([7, 8, 9]);
    expect(expandSequenceSet(sequenceSet([3, 4, 5, 90, 91]), 100)).toEqual([3, 4, 5, 90, 91]);
  });

  it('never expands more numbers than the folder can hold, and skips garbage', () => {
    expect(expandSequenceSet('1:4294967295', 3)).toEqual([1, 2, 3]);
    expect(expandSequenceSet('x,2,*,0:1,-4', 10)).toEqual([1, 2]);
  });
});
