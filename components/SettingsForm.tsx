import type { Preferences } from '@/lib/mail';
import { HOME_URL, settingsUrl } from '@/lib/urls';
import { Notice } from './Notice';
import { Button } from './ui/Button';
import { CheckField, RadioChoice } from './ui/FormField';

/** The settings page's content: the preferences form (posted to a server action) and the keyboard keys. */
export function SettingsForm({ action, prefs, saved, onServer }: { action: (form: FormData) => Promise<void>; prefs: Preferences; saved: boolean; onServer: boolean }) {
  return (
    <main id="main" className="mx-auto w-full max-w-xl p-4">
      <h1 className="my-2 text-xl font-semibold">Settings</h1>
      {saved ? <Notice kind="done">Settings saved.</Notice> : null}
      <p className="my-2 text-sm text-muted">
        {onServer
          ? 'Your settings are kept on the mail server: they follow you to any computer you sign in on.'
          : 'This mail server cannot keep settings, so they last until you sign out.'}
      </p>
      <form action={action} className="flex flex-col gap-3">
        <input type="hidden" name="back" value={settingsUrl({ saved: true })} />
        <input type="hidden" name="prefs" value="textOnly density monospace readingPane autoRefresh view" />
        <CheckField
          name="textOnly"
          defaultChecked={prefs.textOnly}
          label="Text only"
          hint="Show the plain-text version of messages; HTML is never downloaded when a text version exists, and HTML-only mail is converted to text on the server. Lightest on slow links."
        />
        <CheckField
          name="monospace"
          defaultChecked={prefs.monospace}
          label="Monospace plain text"
          hint="Show plain-text mail in a fixed-width font with its spacing kept (lines still wrap to the window), instead of a proportional font."
        />
        <CheckField
          name="readingPane"
          defaultChecked={prefs.readingPane}
          label="Reading pane"
          hint="On wide screens a message opens beside the list. Off, or on a phone, it opens on a page of its own, which loads less."
        />
        <CheckField
          name="autoRefresh"
          defaultChecked={prefs.autoRefresh}
          label="Reload the message list every minute"
          hint="For browsers without JavaScript (with it, new mail and changes made elsewhere show up by themselves)."
        />
        <fieldset className="flex flex-col gap-1">
          <legend>Message list density</legend>
          <RadioChoice name="density" value="comfortable" checked={prefs.density !== 'compact'}>
            Comfortable
          </RadioChoice>
          <RadioChoice name="density" value="compact" checked={prefs.density === 'compact'}>
            Compact
          </RadioChoice>
        </fieldset>
        <fieldset className="flex flex-col gap-1">
          <legend>Page view</legend>
          <RadioChoice name="view" value="auto" checked={prefs.view === 'auto'}>
            Automatic: Basic HTML when the browser asks to save data
          </RadioChoice>
          <RadioChoice name="view" value="standard" checked={prefs.view === 'standard'}>
            Standard
          </RadioChoice>
          <RadioChoice name="view" value="basic" checked={prefs.view === 'basic'}>
            Basic HTML
          </RadioChoice>
          <p className="text-sm text-muted">Basic HTML pages carry no scripts: the least to download on a slow link. Everything works in it; only the keys below and live updates need the standard view.</p>
        </fieldset>
        <Button variant="primary" className="self-start">
          Save settings
        </Button>
      </form>
      <h2 className="mt-8 font-semibold">Keyboard</h2>
      <p className="text-sm">Every action is a link or a button, reachable with Tab. With JavaScript on, these keys also work:</p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-sm">
        <dt>
          <kbd>j</kbd> / <kbd>k</kbd>
        </dt>
        <dd>next / previous message in the list; on a message of its own, the next / previous message</dd>
        <dt>
          <kbd>o</kbd>
        </dt>
        <dd>open the selected message</dd>
        <dt>
          <kbd>u</kbd>
        </dt>
        <dd>back to the message list</dd>
        <dt>
          <kbd>e</kbd>
        </dt>
        <dd>archive (the open message, or the ticked or focused ones in the list)</dd>
        <dt>
          <kbd>#</kbd>
        </dt>
        <dd>delete</dd>
        <dt>
          <kbd>s</kbd>
        </dt>
        <dd>flag (on a message: flag or unflag)</dd>
        <dt>
          <kbd>Shift</kbd>+<kbd>U</kbd> / <kbd>Shift</kbd>+<kbd>I</kbd>
        </dt>
        <dd>mark as unread / as read</dd>
        <dt>
          <kbd>v</kbd>
        </dt>
        <dd>go to “Move to”</dd>
        <dt>
          <kbd>/</kbd>
        </dt>
        <dd>go to the search field</dd>
      </dl>
      <p className="running mt-6">
        <a href={HOME_URL} data-nav="up">
          Back to Inbox
        </a>
      </p>
    </main>
  );
}
