/** A page's heading (focused after navigation, so screen readers announce it) and its live status line. */
export function PageHeader({ id, title, status }: { id: string; title: string; status: string }) {
  return (
    <div className="page__header">
      <h1 id={id} className="page__title" tabIndex={-1}>
        {title}
      </h1>
      <p className="page__status" role="status">
        {status}
      </p>
    </div>
  );
}
