import type { FolderSection, MailboxNode, QuotaUsage } from '@/lib/mail';
import { folderUrl, manageFoldersUrl, uploadUrl } from '@/lib/urls';
import { QuotaLine } from './QuotaLine';
import { Badge } from './ui/Badge';
import { Button } from './ui/Button';
import { Icon, type IconName } from './ui/Icon';

/** The heading of each namespace's part of the tree (RFC 2342); the user's own folders have none. */
const SECTION_TITLES: Record<FolderSection['kind'], string | null> = {
  personal: null,
  other: 'Other users',
  shared: 'Shared folders',
};

const FOLDER_ICONS: Record<NonNullable<MailboxNode['specialUse']>, IconName> = {
  inbox: 'inbox',
  drafts: 'drafts',
  sent: 'sent',
  trash: 'trash',
  junk: 'junk',
  archive: 'archive',
};

/** Under the tree: the storage used, "Manage folders", and the switch between subscribed and all folders. */
export interface FolderPaneFooter {
  quota?: QuotaUsage;
  allShown: boolean;
  /** Saves the "all folders" preference (on the server, with the others), then back to `back`. */
  savePreferences: (form: FormData) => Promise<void>;
  back: string;
}

/**
 * The folder pane: the user's own folders, then "Other users" and "Shared folders" when the server has them.
 * Each folder is a link whose accessible name begins with its name; \Noselect nodes are plain text. On phones the
 * pane is hidden until the header's "Folders" link targets it (#folders): no JavaScript needed, folded on first load.
 */
export function FolderTree({ sections, current, footer }: { sections: FolderSection[]; current?: string; footer?: FolderPaneFooter }) {
  return (
    <nav id="folders" aria-label="Folders" className="folder-pane border-b border-line p-3 text-sm md:border-0 md:p-0">
      <div className="narrow-only mb-2 flex items-center justify-between">
        <h2 className="font-semibold">Folders</h2>
        <a href="#main" className="text-link">
          Close folders
        </a>
      </div>
      {sections.map((section) => {
        const title = SECTION_TITLES[section.kind];
        return title ? (
          <section key={`${section.kind}:${section.prefix}`} aria-label={title} className="mt-4">
            <h2 className="px-2 pb-1 text-xs font-semibold tracking-wide text-muted uppercase">{title}</h2>
            <FolderLevel nodes={section.folders} current={current} depth={0} shared />
          </section>
        ) : (
          <FolderLevel key={`${section.kind}:${section.prefix}`} nodes={section.folders} current={current} depth={0} />
        );
      })}
      {footer ? (
        <div className="mt-4 flex flex-col items-start gap-1 border-t border-line px-2 pt-2">
          {footer.quota ? <QuotaLine quota={footer.quota} /> : null}
          <a href={manageFoldersUrl()} className="text-link">
            Manage folders
          </a>
          <a href={uploadUrl(current ?? 'INBOX')} className="text-link">
            Upload messages
          </a>
          <form action={footer.savePreferences}>
            <input type="hidden" name="prefs" value="allFolders" />
            <input type="hidden" name="back" value={footer.back} />
            <Button variant="quiet" name="allFolders" value={footer.allShown ? 'off' : 'on'} className="-ml-3">
              {footer.allShown ? 'Show subscribed folders only' : 'Show all folders'}
            </Button>
          </form>
        </div>
      ) : null}
    </nav>
  );
}

function FolderLevel({ nodes, current, depth, shared = false }: { nodes: MailboxNode[]; current?: string; depth: number; shared?: boolean }) {
  return (
    <ul className={depth > 0 ? 'ml-4 border-l border-line pl-1' : undefined}>
      {nodes.map((node) => {
        const icon: IconName = node.specialUse ? FOLDER_ICONS[node.specialUse] : shared && depth === 0 && !node.selectable ? 'user' : shared ? 'shared' : 'folder';
        const selected = node.path === current;
        return (
          <li key={node.path}>
            {node.selectable ? (
              <a
                href={folderUrl(node.path)}
                aria-current={selected ? 'page' : undefined}
                className={`flex min-h-8 items-center gap-2 rounded-md px-2 ${selected ? 'bg-selected font-semibold text-ink' : 'text-ink hover:bg-raised'} ${node.unseen ? 'font-semibold' : ''}`}
              >
                <Icon name={icon} className="text-muted" />
                <span className="min-w-0 truncate">{node.displayName}</span>
                {node.unseen ? (
                  <>
                    {' '}
                    <Badge count={node.unseen} word="unread" />
                  </>
                ) : null}
              </a>
            ) : (
              <span className="flex min-h-8 items-center gap-2 px-2 text-muted">
                <Icon name={icon} />
                {node.displayName}
              </span>
            )}
            {node.children.length > 0 ? <FolderLevel nodes={node.children} current={current} depth={depth + 1} shared={shared} /> : null}
          </li>
        );
      })}
    </ul>
  );
}
