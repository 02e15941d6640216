import type { ComposeView } from '@/lib/mail';
import { formatBytes } from '@/lib/mime/format';
import { ADDRESSES_URL, HOME_URL, SEND_URL } from '@/lib/urls';
import { ComposeEnhancements } from './ComposeEnhancements';
import { Notice } from './Notice';
import { Button, ButtonLink } from './ui/Button';
import { FormField, INPUT_CLASS } from './ui/FormField';

/**
 * The compose page: To, Cc, Bcc, Subject, Message and "Attach files", with "Send" and "Save draft": a plain
 * multipart form POST (works without JavaScript and in text browsers). A reopened draft carries its place in
 * Drafts, so saving it again replaces it and sending removes it.
 */
export function ComposeForm({ view, status, maxBytes }: { view: ComposeView; status?: React.ReactNode; maxBytes: number }) {
  const { fields, draft, source } = view;
  const heading = draft ? 'Draft' : source?.mode === 'reply' ? 'Reply' : source?.mode === 'all' ? 'Reply all' : source ? 'Forward' : 'New message';
  return (
    <main id="main" className="mx-auto w-full max-w-3xl p-4">
      <h1 className="my-2 text-xl font-semibold">{heading}</h1>
      {status}
      {!view.sending ? <Notice kind="error">This Feather reads mail only: no server to send through is set up. You can still save drafts.</Notice> : null}
      {view.missing === 'too-large' ? (
        <Notice kind="error">This draft’s text is too long to edit here; it stays in Drafts as it is. This is a new message.</Notice>
      ) : view.missing ? (
        <Notice kind="error">The draft could not be opened: it may have been sent or deleted in another program. This is a new message.</Notice>
      ) : null}
      <form id="compose" method="post" action={SEND_URL} encType="multipart/form-data" className="mt-2 flex flex-col gap-3">
        {draft ? (
          <>
            <input type="hidden" name="draft" value={draft.uid} />
            <input type="hidden" name="draftuv" value={draft.uidValidity} />
          </>
        ) : null}
        {source ? (
          <>
            <input type="hidden" name="source" value={source.folder} />
            <input type="hidden" name="sourceuid" value={source.uid} />
            {source.uidValidity ? <input type="hidden" name="sourceuv" value={source.uidValidity} /> : null}
            <input type="hidden" name="mode" value={source.mode} />
            {source.inReplyTo ? <input type="hidden" name="inreplyto" value={source.inReplyTo} /> : null}
            {source.references.length ? <input type="hidden" name="references" value={source.references.join(' ')} /> : null}
          </>
        ) : null}
        <input type="hidden" name="keptfrom" value={view.keptFrom} />
        <p className="text-sm text-muted">From: {view.from}</p>
        <FormField label="To" name="to" defaultValue={fields.to} autoComplete="off" hint="Addresses separated by commas, e.g. Dana Ng <dana@example.org>, bob@example.org" />
        <FormField label="Cc" name="cc" defaultValue={fields.cc} autoComplete="off" />
        <FormField label="Bcc" name="bcc" defaultValue={fields.bcc} autoComplete="off" hint="Bcc recipients get the message without the others seeing them." />
        <FormField label="Subject" name="subject" defaultValue={fields.subject} maxLength={1000} autoComplete="off" />
        <label className="flex flex-col gap-1">
          <span className="text-sm font-medium">Message</span>
          <textarea name="text" defaultValue={fields.text} rows={16} className={`${INPUT_CLASS} py-1.5 font-mono text-sm`} />
        </label>
        {view.kept.length > 0 ? (
          <fieldset className="flex flex-col gap-1">
            <legend className="text-sm font-medium">{view.keptFrom === 'source' ? 'Attached from the original (sent from the server, not uploaded again)' : 'Attached (kept in the draft, on the server)'}</legend>
            {view.kept.map((a) => (
              <label key={a.section} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="keep" value={a.section} defaultChecked data-kept className="size-4 accent-accent" />
                {a.filename}
                {a.size ? <span className="text-muted"> ({formatBytes(a.size)})</span> : null}
              </label>
            ))}
          </fieldset>
        ) : null}
        {source?.mode === 'attach' && view.keptFrom === 'source' ? <p className="text-sm">The original message “{source.subject}” is attached, as it is stored (message/rfc822).</p> : null}
        <div className="flex flex-col gap-1">
          <label htmlFor="field-attach" className="text-sm font-medium">
            Attach files
          </label>
          <input id="field-attach" type="file" name="attach" multiple aria-describedby="field-attach-hint" className="text-sm" />
          <span id="field-attach-hint" className="text-sm text-muted">
            Up to {formatBytes(maxBytes)} in all.
          </span>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button variant="primary" name="op" value="send">
            Send
          </Button>
          <Button variant="secondary" name="op" value="draft">
            Save draft
          </Button>
          <ButtonLink variant="quiet" href={HOME_URL}>
            Cancel
          </ButtonLink>
          <progress data-upload hidden max={1} value={0} aria-label="Sending" className="self-center" />
          <span data-autosave-status aria-live="polite" className="self-center text-sm text-muted" />
        </div>
      </form>
      <ComposeEnhancements formId="compose" sendUrl={SEND_URL} addressesUrl={ADDRESSES_URL} maxBytes={maxBytes} />
    </main>
  );
}
