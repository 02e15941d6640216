import type { AttachmentRef, EmbeddedView } from '@/lib/mail';
import { formatAddresses, formatLongDate } from '@/lib/format';
import { AttachmentList } from './AttachmentList';
import { MessageBody } from './MessageBody';

/** A message forwarded inside the shown one (message/rfc822): its sender, date, text and attachments. */
export function ForwardedMessage({ message: e, hrefFor }: { message: EmbeddedView; hrefFor: (a: AttachmentRef) => string }) {
  const subject = e.subject ?? '(no subject)';
  const from = formatAddresses(e.from);
  return (
    <section aria-label={`Forwarded message: ${subject}`} className="my-4 border-l-4 border-slate-300 pl-3">
      <h2 className="font-bold">Forwarded message: {subject}</h2>
      <p className="text-sm">
        {from ? <>From: {from}</> : null} {e.date ? <>— {formatLongDate(e.date)}</> : null}
      </p>
      <MessageBody body={e.body} label={`Forwarded message body: ${subject}`} />
      <AttachmentList attachments={e.attachments} hrefFor={hrefFor} label="Attachments of the forwarded message" />
    </section>
  );
}
