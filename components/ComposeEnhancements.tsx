'use client';
import { useEffect } from 'react';

/** Quiet after typing before the draft is saved by itself. */
const AUTOSAVE_AFTER_MS = 4000;
/** While typing goes on without a pause, the draft is saved at least this often. */
const AUTOSAVE_EVERY_MS = 30_000;

/**
 * The compose page's comfort with JavaScript (the form works without it): the draft saved by itself a few seconds
 * after typing stops (the same "Save draft", answered in JSON, attachments left for "Send"); suggestions in To, Cc
 * and Bcc from the addresses the user wrote to (asked of the server once, kept only in this page); and a progress
 * bar while the form and its attachments upload, and attachments over the limit refused before anything is sent.
 * Nothing is stored in the browser.
 */
export function ComposeEnhancements({ formId, sendUrl, addressesUrl, maxBytes }: { formId: string; sendUrl: string; addressesUrl: string; maxBytes: number }) {
  useEffect(() => {
    const form = document.getElementById(formId) as HTMLFormElement | null;
    if (!form) return;
    const saved = form.querySelector<HTMLElement>('[data-autosave-status]');
    const progress = form.querySelector<HTMLProgressElement>('progress[data-upload]');
    let timer: number | undefined;
    let saving: Promise<void> | null = null;
    let submitting = false;
    let lastSave = Date.now();

    const hidden = (name: string, value: string) => {
      let input = form.querySelector<HTMLInputElement>(`input[type="hidden"][name="${name}"]`);
      if (!input) {
        input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        form.prepend(input);
      }
      input.value = value;
    };

    const autosave = () => {
      if (saving || submitting) return;
      lastSave = Date.now();
      saving = save().finally(() => (saving = null));
    };
    const save = async () => {
      const data = new FormData(form);
      data.delete('attach');
      data.set('op', 'draft');
      // The draft keeps every part it had, ticked or not, until the user saves or sends it.
      const kept = [...form.querySelectorAll<HTMLInputElement>('input[data-kept]')];
      data.delete('keep');
      for (const k of kept) data.append('keep', k.value);
      try {
        const res = await fetch(sendUrl, { method: 'POST', body: data, headers: { 'X-Feather-Autosave': '1' }, credentials: 'same-origin' });
        const answer = (await res.json()) as { draft?: { folder: string; uid: number; uidValidity: string }; kept?: string[]; error?: string };
        if (answer.draft) {
          hidden('draft', String(answer.draft.uid));
          hidden('draftuv', answer.draft.uidValidity);
          // The draft's parts are now the new draft's, at these sections.
          if (answer.kept && answer.kept.length === kept.length) kept.forEach((k, i) => (k.value = answer.kept![i]));
          if (saved) saved.textContent = `Draft saved at ${new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}.`;
        } else if (saved) saved.textContent = `The draft was not saved: ${answer.error ?? 'the server did not answer'}`;
      } catch {
        if (saved) saved.textContent = 'The draft was not saved: the connection failed. Your text is still here.';
      }
    };
    const onInput = (e: Event) => {
      const field = e.target as HTMLInputElement | HTMLTextAreaElement;
      if (field.type === 'file') return;
      window.clearTimeout(timer);
      if (Date.now() - lastSave > AUTOSAVE_EVERY_MS) autosave();
      timer = window.setTimeout(autosave, AUTOSAVE_AFTER_MS);
    };

    // Suggestions: each option is the field's text so far with one address put in place of the word being typed.
    let book: Array<{ name: string; address: string }> | null = null;
    const list = document.createElement('datalist');
    list.id = `${formId}-recipients`;
    document.body.append(list);
    const fields = ['to', 'cc', 'bcc'].map((n) => form.querySelector<HTMLInputElement>(`input[name="${n}"]`)).filter((f): f is HTMLInputElement => !!f);
    const suggest = (field: HTMLInputElement) => {
      if (!book) return;
      const cut = field.value.lastIndexOf(',');
      const before = cut >= 0 ? `${field.value.slice(0, cut + 1)} ` : '';
      const typed = field.value.slice(cut + 1).trim().toLowerCase();
      list.replaceChildren();
      if (typed.length < 1) return;
      for (const a of book.filter((b) => b.address.toLowerCase().includes(typed) || b.name.toLowerCase().includes(typed)).slice(0, 8)) {
        const option = document.createElement('option');
        option.value = `${before}${a.name ? `${a.name} <${a.address}>` : a.address}`;
        list.append(option);
      }
    };
    const onFocus = async (e: Event) => {
      const field = e.target as HTMLInputElement;
      if (book === null) {
        book = [];
        try {
          const res = await fetch(addressesUrl, { credentials: 'same-origin' });
          book = ((await res.json()) as { addresses: Array<{ name: string; address: string }> }).addresses;
        } catch {
          book = [];
        }
      }
      suggest(field);
    };
    const onRecipientInput = (e: Event) => suggest(e.target as HTMLInputElement);
    for (const f of fields) {
      f.setAttribute('list', list.id);
      f.addEventListener('focus', onFocus);
      f.addEventListener('input', onRecipientInput);
    }

    // Upload progress: the same POST, sent by XMLHttpRequest to watch it go; its final page is then shown.
    const onSubmit = (e: SubmitEvent) => {
      if (e.defaultPrevented) return;
      // Sent once: a second click while the first goes does nothing.
      if (submitting) {
        e.preventDefault();
        return;
      }
      // An autosave on its way would replace the draft this post names: the post waits for it.
      if (saving) {
        e.preventDefault();
        const submitter = e.submitter as HTMLButtonElement | null;
        void saving.then(() => (submitter ? form.requestSubmit(submitter) : form.requestSubmit()));
        return;
      }
      // Over the limit the server could not even read the fields: say so here, with everything still typed.
      const files = [...form.querySelectorAll<HTMLInputElement>('input[type="file"]')].flatMap((i) => [...(i.files ?? [])]);
      if (files.reduce((n, f) => n + f.size, 0) > maxBytes) {
        e.preventDefault();
        if (saved) saved.textContent = `The attachments are larger than ${Math.floor(maxBytes / 1048576)} MB in all, so nothing was sent. Remove some, then try again.`;
        return;
      }
      submitting = true;
      window.clearTimeout(timer);
      if (!progress || typeof FormData !== 'function') return;
      let data: FormData;
      try {
        data = new FormData(form, e.submitter);
      } catch {
        return; // An older browser without FormData(form, submitter): the plain form post does it.
      }
      e.preventDefault();
      const xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      progress.hidden = false;
      xhr.upload.onprogress = (p) => {
        if (p.lengthComputable) progress.value = p.loaded / p.total;
      };
      xhr.onload = () => {
        // A redirect (the usual answer) is followed; a page of its own (nothing could be saved) is shown as it is.
        if (xhr.responseURL && xhr.responseURL !== form.action) return window.location.assign(xhr.responseURL);
        document.open();
        document.write(xhr.responseText);
        document.close();
      };
      xhr.onerror = () => {
        submitting = false;
        progress.hidden = true;
        if (saved) saved.textContent = 'The message could not be sent: the connection failed. Your text is still here.';
      };
      xhr.send(data);
    };
    // Back to this page from the next (the browser's page cache): it may be sent again.
    const onPageShow = () => (submitting = false);
    window.addEventListener('pageshow', onPageShow);
    form.addEventListener('input', onInput);
    form.addEventListener('submit', onSubmit);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('pageshow', onPageShow);
      form.removeEventListener('input', onInput);
      form.removeEventListener('submit', onSubmit);
      for (const f of fields) {
        f.removeEventListener('focus', onFocus);
        f.removeEventListener('input', onRecipientInput);
      }
      list.remove();
    };
  }, [formId, sendUrl, addressesUrl, maxBytes]);
  return null;
}
