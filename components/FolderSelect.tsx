import type { FolderChoice } from '@/lib/mail';
import { INPUT_CLASS } from './ui/FormField';

/** A menu of the user's folders (`name`), `folder` chosen; a folder not among them (a typed link) is offered too. */
export function FolderSelect({ name, folder, folders }: { name: string; folder: string; folders: FolderChoice[] }) {
  return (
    <select name={name} defaultValue={folder} className={INPUT_CLASS}>
      {folders.some((f) => f.path === folder) ? null : <option value={folder}>{folder}</option>}
      {folders.map((f) => (
        <option key={f.path} value={f.path}>
          {f.label}
        </option>
      ))}
    </select>
  );
}
