import type { AttachmentRef } from '@/lib/mime/types';
import { formatBytes } from '@/lib/mime/format';
import { Icon, type IconName } from './ui/Icon';

function iconFor(type: string): IconName {
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('text/')) return 'text';
  return 'file';
}

/**
 * Every part not shown as the body, as cards: a type icon, the name, the type and size, and a download link that
 * streams just that part. The link's name is "Download <name>".
 */
export function AttachmentList({ attachments, hrefFor, label = 'Attachments' }: { attachments: AttachmentRef[]; hrefFor: (a: AttachmentRef) => string; label?: string }) {
  if (attachments.length === 0) return null;
  return (
    <section aria-label={label} className="my-5">
      <h2 className="mb-2 text-sm font-semibold">{label}</h2>
      <ul className="grid grid-cols-[repeat(auto-fill,minmax(14rem,1fr))] gap-2">
        {attachments.map((a) => (
          <li key={a.section} className="relative flex items-center gap-3 rounded-lg border border-line bg-surface p-3 hover:bg-raised">
            <Icon name={iconFor(a.type)} size={28} className="text-muted" />
            <span className="flex min-w-0 flex-col">
              <a href={hrefFor(a)} download={a.filename} className="truncate font-medium text-ink after:absolute after:inset-0 after:content-['']">
                <span className="sr-only">Download </span>
                {a.filename}
              </a>{' '}
              <span className="text-xs text-muted">
                {a.type}, {formatBytes(a.size)}
              </span>
            </span>
            <Icon name="download" className="ml-auto text-muted" />
          </li>
        ))}
      </ul>
    </section>
  );
}
