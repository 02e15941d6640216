/** A clear message where content could not be shown. Never a stack trace. */
export function ErrorNotice({ title, message, children }: { title: string; message: string; children?: React.ReactNode }) {
  return (
    <div role="alert" className="my-4 rounded border border-red-300 bg-red-50 p-3 text-red-900">
      <h2 className="font-bold">{title}</h2>
      <p>{message}</p>
      {children}
    </div>
  );
}
