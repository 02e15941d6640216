import type { Metadata } from 'next';
import { AppHeader } from '@/components/AppHeader';
import { ErrorNotice } from '@/components/ErrorNotice';
import { EverywhereContents } from '@/components/EverywhereContents';
import { FolderContents } from '@/components/FolderContents';
import { FolderTree } from '@/components/FolderTree';
import { MailLayout } from '@/components/MailLayout';
import { MessageDisplay } from '@/components/MessageDisplay';
import { SearchForm } from '@/components/SearchForm';
import { SortForm } from '@/components/SortForm';
import { pageTitle } from '@/lib/format';
import { LiveUpdates } from '@/components/Enhancements';
import { ActionStatusLine } from '@/components/ActionStatusLine';
import { ConfirmErase } from '@/components/ConfirmErase';
import { canSend, currentUser, draftsOf, mailboxTitle, mailboxView, messageTitle, messageView, moveTargets, paneFolders, requireUser, trashOf } from '@/lib/mail';
import { advancedSearchUrl, confirmEraseUrl, folderUrl, isNewestFirst, listUrl, liveUrl, resultsSearch, mailboxParams, messageParams, messageParamsUrl, param, selectAllUrl, statusParam, type SearchParams } from '@/lib/urls';
import { mailAction, setPreferences } from './actions';

type Props = { searchParams: Promise<SearchParams> };

/** The title says where the user is: "Inbox (12 unread) — Feather", "Search: budget — Feather", or the open message's subject. */
export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const sp = await searchParams;
  const at = mailboxParams(sp);
  const open = messageParams(sp, { pane: true });
  const user = await currentUser();
  if (!user) return { title: 'Mail' };
  if (open.uid) return { title: messageTitle(await messageView(user, { ...open, uid: open.uid })) };
  return { title: mailboxTitle(await mailboxView(user, at), at) };
}

/**
 * A folder: the tree beside one page of the folder, or of a search in it (/mail?folder=…&page=…&q=…); with `uid`,
 * that message open in the reading pane beside the list (below 1024 px the message alone: one pane at a time).
 */
export default async function MailPage({ searchParams }: Props) {
  const sp = await searchParams;
  const at = mailboxParams(sp);
  const { folder } = at;
  const open = messageParams(sp, { pane: true });
  const user = await requireUser(messageParamsUrl(open));
  const [view, message] = await Promise.all([mailboxView(user, at), open.uid ? messageView(user, { ...open, uid: open.uid }) : null]);
  const { folders, list, everywhere, title, quota } = view;
  // A search's links (pages, messages, actions) name the messages it went through, so they show the same results.
  const search = at.search && list?.ok ? resultsSearch(at.search, list.value.coverage) : at.search;
  // The order the list is in: what its links carry (not an order the server could not sort in).
  const order = list?.ok ? (isNewestFirst(list.value.order) ? undefined : list.value.order) : undefined;
  // This list, as its links and forms name it to come back to.
  const here = { page: at.page, search, order, conversations: at.conversations };
  const targets = folders.ok ? moveTargets(folders.value) : [];
  const status = statusParam(sp);
  const allSelected = param(sp.select) === 'all';
  const everySelected = param(sp.select) === 'every';
  // The list's own actions only while no message is open: beside a message its toolbar acts on that one.
  const trash = folders.ok ? trashOf(folders.value) : undefined;
  const confirm = param(sp.confirm);
  const listActions = open.uid
    ? undefined
    : {
        action: mailAction,
        back: listUrl(folder, here),
        folders: targets,
        allSelected,
        selectAllUrl: selectAllUrl(folder, here, true),
        selectNoneUrl: selectAllUrl(folder, here, false),
        everySelected,
        selectEveryUrl: selectAllUrl(folder, here, 'every'),
        expungeUrl: confirmEraseUrl(folder, 'expunge', here),
        emptyUrl: trash === folder && !search ? confirmEraseUrl(folder, 'empty') : undefined,
        emptyLabel: `Empty ${title}`,
      };
  // With a message open it is the page's subject (its heading the one of level 1), the folder's heading under it.
  const Heading = open.uid ? 'h2' : 'h1';
  // A container: beside an open message the list is narrow on a wide screen, and its heading and search stack.
  const contents = (
    <div className="@container">
      <div className="flex flex-col gap-2 border-b border-line px-3 py-2 @2xl:flex-row @2xl:items-center @2xl:justify-between">
        <Heading className="text-lg font-semibold">{title}</Heading>
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <SearchForm folder={folder} search={search} />
          {at.conversations || search?.everywhere ? null : <SortForm folder={folder} search={search} order={at.order} />}
          {/* The conversation view (THREAD=REFERENCES): a row per conversation. A folder's, not a search's. */}
          {search ? null : at.conversations ? (
            <a href={folderUrl(folder)} className="text-link text-sm whitespace-nowrap">
              List every message
            </a>
          ) : (
            <a href={listUrl(folder, { conversations: true })} className="text-link text-sm whitespace-nowrap">
              Group by conversation
            </a>
          )}
        </div>
      </div>
      {at.searchProblem ? (
        <ErrorNotice title="The search could not be done" message={at.searchProblem}>
          <p>
            <a href={advancedSearchUrl(folder, search)}>Change search</a> <a href={folderUrl(folder)}>Clear search</a>
          </p>
        </ErrorNotice>
      ) : everywhere && search ? (
        everywhere.ok ? (
          <EverywhereContents search={search} results={everywhere.value} back={folder} />
        ) : (
          <ErrorNotice title="The search could not be done" message={everywhere.message}>
            <p>
              <a href={folderUrl(folder, 1, { ...search, everywhere: undefined })}>Search only {title}</a> <a href={folderUrl(folder)}>Clear search</a>
            </p>
          </ErrorNotice>
        )
      ) : !list ? null : list.ok ? (
        <FolderContents
          folder={folder}
          list={list.value}
          search={search}
          density={user.prefs.density}
          pane={user.prefs.readingPane}
          openUid={open.uid}
          actions={listActions}
          drafts={folders.ok && draftsOf(folders.value) === folder}
        />
      ) : search && list.code !== 'no-folder' ? (
        <ErrorNotice title="The search could not be done" message={list.message}>
          {list.code === 'timeout' ? <p>The mail server took too long to search. Try again, or without “Include message text”.</p> : null}
          <p>
            <a href={folderUrl(folder)}>Clear search</a>
          </p>
        </ErrorNotice>
      ) : (
        <ErrorNotice title="This folder could not be opened" message={list.message}>
          <p>
            <a href={folderUrl('INBOX')}>Go to Inbox</a>
          </p>
        </ErrorNotice>
      )}
    </div>
  );
  return (
    <MailLayout
      header={<AppHeader user={user.user} folders sending={canSend()} />}
      folders={
        folders.ok ? (
          <FolderTree
            sections={paneFolders(folders.value, user, folder)}
            current={folder}
            footer={{ quota, allShown: user.prefs.allFolders, savePreferences: setPreferences, back: messageParamsUrl(open) }}
          />
        ) : (
          <ErrorNotice title="Folders could not be loaded" message={folders.message} />
        )
      }
    >
      {status ? <ActionStatusLine status={status} action={mailAction} back={messageParamsUrl(open)} /> : null}
      <LiveUpdates key={liveUrl(folder, open.uid)} url={liveUrl(folder, open.uid)} folder={folder} uid={open.uid} />
      {/* The title as this render makes it: a live refresh re-renders this, and the page's title follows it. */}
      <span hidden data-page-title={pageTitle(open.uid && message ? messageTitle(message) : mailboxTitle(view, at))} />
      {/* Without JavaScript, the optional reload every minute (a setting); not beside an open message. React leaves a
          <meta> inside <noscript> where it is (not hoisted into <head>), so it reloads only pages without scripts. */}
      {user.prefs.autoRefresh && !open.uid ? (
        <noscript>
          <meta httpEquiv="refresh" content="60" />
        </noscript>
      ) : null}
      {!open.uid && list?.ok && (confirm === 'expunge' || (confirm === 'empty' && trash === folder)) ? (
        <ConfirmErase
          kind={confirm}
          folder={folder}
          folderName={title}
          uidValidity={list.value.uidValidity}
          uidNext={list.value.uidNext}
          total={list.value.total}
          back={listUrl(folder, here)}
          action={mailAction}
        />
      ) : null}
      {message && open.uid ? (
        // The message first, the list after it: what text browsers and screen readers reach first is what was
        // opened; on a wide screen the CSS grid draws the list on the left.
        <div className="pane-split">
          <div className="pane-message">
            <MessageDisplay m={{ ...open, uid: open.uid }} message={message} prefs={user.prefs} setPreferences={setPreferences} mailAction={mailAction} folders={targets} />
          </div>
          <div className="pane-list">{contents}</div>
        </div>
      ) : (
        contents
      )}
    </MailLayout>
  );
}
