import type { Address } from '@/lib/mail';
import { formatAddresses, formatLongDate } from '@/lib/format';

/** Recipients shown before the rest fold away behind "and N more" (a mailing to a whole class has hundreds). */
const SHOWN_RECIPIENTS = 3;

/**
 * Many recipients: the first few, then the rest in a <details> ("and 12 more"), which opens without JavaScript and
 * which text browsers show open.
 */
function Recipients({ list, empty }: { list: Address[]; empty?: string }) {
  if (list.length === 0) return <>{empty}</>;
  // Folding one or two would hide less than the "and N more" line takes.
  if (list.length <= SHOWN_RECIPIENTS + 2) return <>{formatAddresses(list)}</>;
  const rest = list.slice(SHOWN_RECIPIENTS);
  return (
    <>
      {formatAddresses(list.slice(0, SHOWN_RECIPIENTS))},{' '}
      <details className="inline">
        <summary className="text-link inline cursor-pointer">and {rest.length} more</summary>
        <span>{formatAddresses(rest)}</span>
      </details>
    </>
  );
}

/**
 * From, To, Cc and Date of a message, as a description list (a forwarded message has no To or Cc to show: leave
 * them out). The date in the one long format (formatLongDate), with the instant itself in <time datetime>.
 */
export function HeaderFields({ from, to, cc = [], date }: { from: Address[]; to?: Address[]; cc?: Address[]; date: string | null | undefined }) {
  const rows: Array<[string, React.ReactNode]> = [['From', formatAddresses(from) || '(unknown sender)']];
  if (to) rows.push(['To', <Recipients key="to" list={to} empty="(no recipients shown)" />]);
  if (cc.length) rows.push(['Cc', <Recipients key="cc" list={cc} />]);
  rows.push(['Date', <time key="d" dateTime={date ?? undefined}>{formatLongDate(date)}</time>]);
  return (
    <dl className="header-fields my-2 grid grid-cols-[auto_1fr] gap-x-3 text-sm">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="font-bold">{k}:</dt>
          <dd className="break-words">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
