import type { AttachmentRef } from '@/lib/mime/types';
import { formatBytes } from '@/lib/mime/format';

/** Every part not shown as the body, each with a download link that streams just that part. */
export function AttachmentList({ attachments, hrefFor, label = 'Attachments' }: { attachments: AttachmentRef[]; hrefFor: (a: AttachmentRef) => string; label?: string }) {
  if (attachments.length === 0) return null;
  return (
    <section aria-label={label} className="my-4">
      <h2 className="font-bold">{label}</h2>
      <ul className="list-disc pl-6">
        {attachments.map((a) => (
          <li key={a.section}>
            <a href={hrefFor(a)} download={a.filename}>
              Download {a.filename}
            </a>{' '}
            <span className="text-slate-700">
              ({a.type}, {formatBytes(a.size)})
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
