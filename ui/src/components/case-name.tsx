/** What every list shows of a case: its title, and the reference beside it where the title is a name. */
export function CaseName({ title, reference }: { title: string; reference: string }) {
  if (!title || title === reference) return <span className="reference">{reference}</span>;
  return (
    <>
      <span className="case-title">{title}</span> <span className="reference">{reference}</span>
    </>
  );
}

/** The case as plain text (document titles, announcements): "Jonas Yılmaz (KG-2)", or the reference alone. */
export function caseNameText(title: string | undefined, reference: string): string {
  return !title || title === reference ? reference : `${title} (${reference})`;
}
