/**
 * A small count beside a name (unread mail in a folder). Sighted readers see the number in a pill; the words
 * around it, hidden, read "(12 unread)" to screen readers and text browsers. One element, so the name reads as
 * one phrase; the space before it is the caller's (a text node, for browsers without CSS).
 */
export function Badge({ count, word }: { count: number; word: string }) {
  return (
    <span className="ml-auto min-w-6 rounded-full bg-raised px-1.5 text-center text-xs font-semibold text-ink">
      <span className="sr-only">(</span>
      {count}
      <span className="sr-only"> {word})</span>
    </span>
  );
}

/** The classes of a label chip: a small rounded tag, for a message's labels (a link to the messages with it). */
export const LABEL_CHIP_CLASS = 'inline-flex items-center rounded-md border border-line bg-raised px-1.5 text-xs font-medium text-ink hover:bg-selected';
