import type { FolderChoice } from '@/lib/mail';
import { formatBytes } from '@/lib/mime/format';
import { folderUrl, uploadPostUrl } from '@/lib/urls';
import { Button, ButtonLink } from './ui/Button';
import { FolderSelect } from './FolderSelect';

/**
 * "Upload messages": .eml files into a folder, as a plain multipart form POST (works without JavaScript). The
 * folder is in the form's address too, so a refusal before the form is read still knows where to go back to.
 */
export function UploadForm({ folder, folders, maxBytes, status }: { folder: string; folders: FolderChoice[]; maxBytes: number; status?: React.ReactNode }) {
  return (
    <main id="main" className="mx-auto w-full max-w-xl p-4">
      <h1 className="my-2 text-xl font-semibold">Upload messages</h1>
      {status}
      <p className="my-2 text-sm text-muted">Messages saved from a mail program as .eml files are stored in the folder you choose, on the mail server.</p>
      <form method="post" action={uploadPostUrl(folder)} encType="multipart/form-data" className="flex flex-col gap-3">
        <label className="flex flex-col gap-1">
          <span className="text-sm font-medium">Messages (.eml files)</span>
          <input type="file" name="file" multiple required accept=".eml,message/rfc822" className="text-sm" />
          <span className="text-sm text-muted">Up to {formatBytes(maxBytes)} in all.</span>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-sm font-medium">Into folder</span>
          <FolderSelect name="folder" folder={folder} folders={folders} />
        </label>
        <div className="flex gap-2">
          <Button variant="primary">Upload</Button>
          <ButtonLink variant="secondary" href={folderUrl(folder)}>
            Cancel
          </ButtonLink>
        </div>
      </form>
    </main>
  );
}
