/** A one-line notice: an error the user must read (role alert), or that something was done (role status). */
export function Notice({ kind, children }: { kind: 'error' | 'done'; children: React.ReactNode }) {
  return kind === 'error' ? (
    <p role="alert" className="running mb-3 rounded-md border border-danger-line bg-danger-bg px-3 py-2 text-danger-text">
      {children}
    </p>
  ) : (
    <p role="status" className="running my-2 rounded-md border border-done-line bg-done-bg px-3 py-2 text-done-text">
      {children}
    </p>
  );
}
