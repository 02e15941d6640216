import type { FolderChoice, SearchTerms } from '@/lib/mail';
import { MAX_SEARCH_CHARS, SEARCH_DAY_FIELDS, SEARCH_FLAG_FIELDS, SEARCH_SIZE_FIELDS, SEARCH_URL, SEARCH_WORD_FIELDS, folderUrl, sizeText } from '@/lib/urls';
import { Button, ButtonLink } from './ui/Button';
import { FolderSelect } from './FolderSelect';
import { CheckField, FormField } from './ui/FormField';

/**
 * "Advanced search": every condition the server can search on, combined with AND, as a plain GET form to the
 * folder's page, so the results are a bookmarkable URL and the form works without JavaScript. Filled in with the
 * search being changed, if any. No autocomplete: a shared lab machine must not offer the last student's searches.
 */
export function AdvancedSearchForm({ folder, folders, search }: { folder: string; folders: FolderChoice[]; search?: SearchTerms }) {
  return (
    <main id="main" className="mx-auto w-full max-w-2xl p-4">
      <h1 className="my-2 text-xl font-semibold">Advanced search</h1>
      <p className="my-2 text-sm text-muted">Messages must match every condition you fill in. Words are found anywhere in the field, in any case.</p>
      <form role="search" action={SEARCH_URL} method="get" autoComplete="off" className="flex flex-col gap-4">
        <label className="flex flex-col gap-1">
          <span className="text-sm font-medium">Search in</span>
          <FolderSelect name="folder" folder={folder} folders={folders} />
        </label>
        <CheckField label="All folders" name="scope" value="all" defaultChecked={search?.everywhere} hint="Search every folder, the newest messages first; each folder's matches are grouped." />
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-semibold">Words</legend>
          <FormField label="Subject, sender or recipients" name="q" id="advanced-q" defaultValue={search?.text} maxLength={MAX_SEARCH_CHARS} />
          <CheckField label="Include message text" name="body" value="1" defaultChecked={search ? search.body : true} hint="Also look for these words in the message text. Slower on servers without a search index." />
          <div className="grid gap-3 sm:grid-cols-2">
            {SEARCH_WORD_FIELDS.map((f) => (
              <FormField key={f.param} label={f.label} name={f.param} defaultValue={search?.[f.term]} maxLength={MAX_SEARCH_CHARS} />
            ))}
          </div>
        </fieldset>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-semibold">Date received</legend>
          <div className="grid gap-3 sm:grid-cols-2">
            {SEARCH_DAY_FIELDS.map((f) => (
              <FormField key={f.param} label={f.label} name={f.param} type="date" defaultValue={search?.[f.term]} placeholder="2024-03-01" hint="A day, as 2024-03-01." />
            ))}
          </div>
        </fieldset>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-semibold">Status and label</legend>
          <div className="flex flex-wrap gap-4">
            {SEARCH_FLAG_FIELDS.map((f) => (
              <CheckField key={f.param} label={f.label} name={f.param} value="1" defaultChecked={search?.[f.term]} />
            ))}
          </div>
          <FormField label="With label" name="label" defaultValue={search?.label} maxLength={40} />
        </fieldset>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-semibold">Size</legend>
          <div className="grid gap-3 sm:grid-cols-2">
            {SEARCH_SIZE_FIELDS.map((f) => (
              <FormField key={f.param} label={f.label} name={f.param} defaultValue={search?.[f.term] !== undefined ? sizeText(search[f.term]!) : undefined} hint="A number with K or M: 500K, 2M." inputMode="text" />
            ))}
          </div>
        </fieldset>
        <div className="flex gap-2">
          <Button variant="primary">Search</Button>
          <span data-search-status aria-live="polite" className="self-center text-sm text-muted" />
          <ButtonLink variant="secondary" href={folderUrl(folder)}>
            Cancel
          </ButtonLink>
        </div>
      </form>
    </main>
  );
}
