/** A clear message where content could not be shown, with a way on (children). Never a stack trace. */
export function ErrorNotice({ title, message, children }: { title: string; message: string; children?: React.ReactNode }) {
  return (
    <div role="alert" className="running my-4 rounded-md border border-danger-line bg-danger-bg p-3 text-danger-text">
      <h2 className="font-semibold">{title}</h2>
      <p>{message}</p>
      {children}
    </div>
  );
}
