import type { FolderChoice, MessagePage, SearchTerms } from '@/lib/mail';
import { SORT_CHOICES, isNewestFirst, searchQuery } from '@/lib/urls';
import { ActionButtons, ActionFields, LabelControl, MoveControl } from './MailActions';
import { MessageList, type Density } from './MessageList';
import { Pager } from './Pager';
import { SearchSummary } from './SearchSummary';
import { Toolbar, ToolbarGroup } from './ui/Toolbar';

function count(n: number): string {
  return `${n} ${n === 1 ? 'message' : 'messages'}`;
}

/** What the list's action form needs: the server action, where to come back to, the folders to move to. */
export interface ListActionsProps {
  action: (form: FormData) => Promise<void>;
  /** This list page's URL: where the form returns, with its status line. */
  back: string;
  folders: FolderChoice[];
  /** "Select all" ticks every row (a link: no JavaScript needed); its URLs to tick all and none. */
  allSelected: boolean;
  selectAllUrl: string;
  selectNoneUrl: string;
  /** "Select all N in this folder / in these results": acted on by the server, not listed; the URL that asks it. */
  everySelected: boolean;
  selectEveryUrl: string;
  /** "Expunge…" (when the page shows messages marked deleted) and "Empty Trash…" (in the Trash): to confirm first. */
  expungeUrl?: string;
  emptyUrl?: string;
  emptyLabel?: string;
}

/**
 * The list's toolbar (the count or the search's summary, and the pager) above the list, and the pager again below
 * a long one. With `actions`, the list is a form: a checkbox per row and a toolbar of actions on the ticked ones
 * (a plain POST; with JavaScript the same form, posted by script).
 */
export function FolderContents({
  folder,
  list,
  search,
  density,
  pane,
  openUid,
  actions,
  drafts,
}: {
  folder: string;
  list: MessagePage;
  search?: SearchTerms;
  density?: Density;
  /** Rows open messages in the reading pane; `openUid` is the one open there now. */
  pane?: boolean;
  openUid?: number;
  actions?: ListActionsProps;
  /** This is the Drafts folder: rows reopen their draft to edit and send. */
  drafts?: boolean;
}) {
  // The order the rows are in (the server's, when it could sort as asked), or the conversation view: what pages
  // and messages carry on.
  const order = isNewestFirst(list.order) ? undefined : list.order;
  const here = { search, order, conversations: Boolean(list.conversations) };
  const pager = list.messages.length > 0 ? <Pager folder={folder} page={list.page} pageCount={list.pageCount} list={here} /> : null;
  const withActions = actions && list.messages.length > 0 ? actions : undefined;
  const contents = (
    <>
      <Toolbar label="Message list" className="min-h-10 justify-between border-b border-line px-2">
        {search ? (
          <SearchSummary folder={folder} search={search} list={list} />
        ) : list.conversations ? (
          <p className="text-sm text-muted">
            {list.total} {list.total === 1 ? 'conversation' : 'conversations'}
            {list.conversations.covered < list.conversations.messages ? ` in the newest ${list.conversations.covered.toLocaleString('en-US')} of ${list.conversations.messages.toLocaleString('en-US')} messages` : ''}
          </p>
        ) : (
          <p className="text-sm text-muted">{count(list.total)}</p>
        )}
        {pager}
      </Toolbar>
      {list.unthreaded ? (
        <p className="border-b border-line px-3 py-2 text-sm text-muted">
          The mail server cannot group messages into conversations, so each message is listed.
        </p>
      ) : null}
      {list.unsorted ? (
        <p className="border-b border-line px-3 py-2 text-sm text-muted">
          The mail server cannot sort this list by {SORT_CHOICES.find((c) => c.key === list.unsorted!.key)?.label.toLowerCase()}, so it is shown newest first.
        </p>
      ) : null}
      {withActions ? (
        <Toolbar label="Selected messages" className="min-h-10 border-b border-line px-2">
          {/* The form's default button, first in it: Enter in the label field adds the label; Enter on a ticked
              box does nothing (else the first button, Archive, would take it). */}
          <button type="submit" name="op" value="enter" tabIndex={-1} aria-hidden="true" className="sr-only">
            Add label
          </button>
          <ToolbarGroup>
            <a href={withActions.allSelected || withActions.everySelected ? withActions.selectNoneUrl : withActions.selectAllUrl} className="text-link px-1 text-sm">
              {withActions.allSelected || withActions.everySelected ? 'Select none' : 'Select all on this page'}
            </a>
            {withActions.allSelected && list.total > list.messages.length && !list.conversations ? (
              <a href={withActions.selectEveryUrl} className="text-link px-1 text-sm">
                Select all {list.total} {search ? 'in these results' : 'in this folder'}
              </a>
            ) : null}
            {withActions.everySelected ? (
              <span className="px-1 text-sm font-medium">
                All {list.total} {search ? 'results' : 'messages in this folder'} are selected.
              </span>
            ) : null}
          </ToolbarGroup>
          <ToolbarGroup>
            <ActionButtons names={['archive', 'delete', 'read', 'unread', 'flag', 'unflag']} />
          </ToolbarGroup>
          <ToolbarGroup>
            <MoveControl id="list-move-to" folders={withActions.folders} current={folder} />
          </ToolbarGroup>
          <ToolbarGroup>
            <LabelControl id="list-label" />
          </ToolbarGroup>
          {withActions.expungeUrl && list.messages.some((m) => m.deleted) ? (
            <ToolbarGroup>
              <a href={withActions.expungeUrl} className="text-link px-1 text-sm">
                Expunge…
              </a>
            </ToolbarGroup>
          ) : null}
          {withActions.emptyUrl ? (
            <ToolbarGroup>
              <a href={withActions.emptyUrl} className="text-link px-1 text-sm">
                {withActions.emptyLabel ?? 'Empty Trash'}…
              </a>
            </ToolbarGroup>
          ) : null}
        </Toolbar>
      ) : null}
      <MessageList
        folder={folder}
        uidValidity={list.uidValidity}
        messages={list.messages}
        list={{ ...here, page: list.page }}
        emptyText={search ? 'No messages match.' : undefined}
        density={density}
        pane={pane}
        openUid={openUid}
        drafts={drafts}
        select={withActions ? { all: withActions.allSelected || withActions.everySelected } : undefined}
      />
      {list.messages.length > 20 ? <div className="flex justify-end px-2 py-1">{pager}</div> : null}
    </>
  );
  if (!withActions) return contents;
  return (
    <form action={withActions.action}>
      <ActionFields folder={folder} uidValidity={list.uidValidity} back={withActions.back} />
      {withActions.everySelected ? (
        <>
          {/* The whole folder or search, bounded by what the page knew of: found again by the server. */}
          <input type="hidden" name="every" value="1" />
          <input type="hidden" name="uidnext" value={list.uidNext} />
          {search ? <input type="hidden" name="search" value={searchQuery(search)} /> : null}
        </>
      ) : null}
      {contents}
    </form>
  );
}
