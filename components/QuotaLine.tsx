import type { QuotaUsage } from '@/lib/mail';
import { formatBytes } from '@/lib/mime/format';

/** The account's storage use, as the server's quota reports it: "120 MB of 1 GB used", with a bar. */
export function QuotaLine({ quota }: { quota: QuotaUsage }) {
  const share = Math.min(100, Math.round((quota.used / quota.limit) * 100));
  return (
    <p className="my-2 flex flex-col gap-1 text-sm text-muted">
      <span>
        {formatBytes(quota.used)} of {formatBytes(quota.limit)} used
        {share >= 90 ? <strong className="text-danger-text"> — almost full</strong> : null}
      </span>
      <span aria-hidden="true" className="block h-1.5 w-full max-w-48 overflow-hidden rounded-full bg-raised">
        <span className={`block h-full ${share >= 90 ? 'bg-danger-text' : 'bg-accent'}`} style={{ width: `${share}%` }} />
      </span>
    </p>
  );
}
