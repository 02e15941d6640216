/** Every header line of the message, as fetched from the header section alone. */
export function AllHeaders({ headers }: { headers: Array<{ name: string; value: string }> }) {
  return (
    <section aria-label="All headers" className="my-2 overflow-x-auto rounded-md border border-line bg-raised p-3 font-mono text-xs">
      <h2 className="font-bold">All headers</h2>
      <dl>
        {headers.map((h, i) => (
          <div key={i}>
            <dt className="inline font-bold">{h.name}:</dt> <dd className="inline break-all">{h.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
