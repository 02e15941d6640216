import type { FolderSection, MailboxNode } from '@/lib/mail';
import { folderUrl } from '@/lib/urls';

/** The heading of each namespace's part of the tree (RFC 2342); the user's own folders have none. */
const SECTION_TITLES: Record<FolderSection['kind'], string | null> = {
  personal: null,
  other: 'Other users',
  shared: 'Shared folders',
};

/**
 * The folder tree: the user's own folders, then "Other users" and "Shared folders" when the server has them.
 * Each folder is a link whose accessible name begins with its name; \Noselect nodes are plain text.
 */
export function FolderTree({ sections, current }: { sections: FolderSection[]; current?: string }) {
  return (
    <nav aria-label="Folders" className="text-sm">
      {/* Open by default (no JavaScript needed); on narrow screens Enhancements folds it so the list comes first. */}
      <details open data-fold-narrow>
        <summary className="cursor-pointer font-bold">Folders</summary>
        {sections.map((section) => {
          const title = SECTION_TITLES[section.kind];
          return title ? (
            <section key={`${section.kind}:${section.prefix}`} aria-label={title} className="mt-3">
              <h2 className="font-bold">{title}</h2>
              <FolderLevel nodes={section.folders} current={current} />
            </section>
          ) : (
            <FolderLevel key={`${section.kind}:${section.prefix}`} nodes={section.folders} current={current} />
          );
        })}
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
