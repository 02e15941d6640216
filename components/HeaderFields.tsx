import type { Address } from '@/lib/mail';
import { formatAddresses, formatLongDate } from '@/lib/format';

/**
 * From, To, Cc and Date of a message, as a description list (a forwarded message has no To or Cc to show: leave
 * them out). The date in the one long format (formatLongDate), with the instant itself in <time datetime>.
 */
export function HeaderFields({ from, to, cc = [], date }: { from: Address[]; to?: Address[]; cc?: Address[]; date: string | null | undefined }) {
  const rows: Array<[string, React.ReactNode]> = [['From', formatAddresses(from) || '(unknown sender)']];
  if (to) rows.push(['To', formatAddresses(to) || '(no recipients shown)']);
  if (cc.length) rows.push(['Cc', formatAddresses(cc)]);
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
