/** A one-line notice: an error the user must read (role alert), or that something was done (role status). */
export function Notice({ kind, children }: { kind: 'error' | 'done'; children: React.ReactNode }) {
  return kind === 'error' ? (
    <p role="alert" className="mb-3 rounded border border-red-300 bg-red-50 p-2 text-red-900">
      {children}
    </p>
  ) : (
    <p role="status" className="my-2 rounded border border-green-300 bg-green-50 p-2">
      {children}
    </p>
  );
}
