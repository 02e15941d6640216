import type { MailboxNode } from '@/lib/mail';
import { folderUrl } from '@/lib/urls';

/** The folder tree. Each folder is a link whose accessible name begins with its name; \Noselect nodes are plain text. */
export function FolderTree({ folders, current }: { folders: MailboxNode[]; current?: string }) {
  return (
    <nav aria-label="Folders" className="text-sm">
      {/* Open by default (no JavaScript needed); on narrow screens Enhancements folds it so the list comes first. */}
      <details open data-fold-narrow>
        <summary className="cursor-pointer font-bold">Folders</summary>
        <FolderLevel nodes={folders} current={current} />
      </details>
    </nav>
  );
}

function FolderLevel({ nodes, current }: { nodes: MailboxNode[]; current?: string }) {
  return (
    <ul className="pl-3">
      {nodes.map((node) => (
        <li key={node.path} className="my-0.5">
          {node.selectable ? (
            <a href={folderUrl(node.path)} aria-current={node.path === current ? 'page' : undefined} className={node.path === current ? 'font-bold' : undefined}>
              {node.displayName}
              {node.unseen ? <span className="text-slate-600"> ({node.unseen} unread)</span> : null}
            </a>
          ) : (
            <span className="text-slate-600">{node.displayName}</span>
          )}
          {node.children.length > 0 ? <FolderLevel nodes={node.children} current={current} /> : null}
        </li>
      ))}
    </ul>
  );
}
