/**
 * A view's notices, as the page shows them: a link's problems as ONE group (a link with ten bad
 * parameters gets one notice listing them, not ten boxes), each item gone once the user sets
 * the field it is about, the group dismissable as a whole; then the compute worker's notices,
 * each on its own and dismissable. DOM-free (the view chrome renders it, ui/view-chrome.ts).
 *
 *   const n = new LinkNotices();
 *   n.fromLink(parsed.notices, parsed.keys);   // from url-fields.ts readFields
 *   n.fieldsSet(['width']);                    // the user moved Width: its notice goes
 *   linkGroup(n.link)                          // { heading: 'The link had 2 settings ...', items: [...] }
 */

export interface LinkNotice {
  /** The link parameter it is about (null: not one field). */
  key: string | null;
  text: string;
}

export class LinkNotices {
  /** The link's notices, in the link's order. */
  link: LinkNotice[] = [];
  /** The compute worker's (a lost GPU device, say). */
  other: string[] = [];

  /** A new link: its notices replace every notice shown. */
  fromLink(texts: readonly string[], keys?: readonly string[]): void {
    this.link = texts.map((text, i) => ({ key: keys?.[i] ?? null, text }));
    this.other = [];
  }

  add(text: string): void {
    this.other = [...this.other, text];
  }

  /** The user set these fields: the link's notices about them are moot. */
  fieldsSet(keys: readonly string[]): void {
    if (keys.length === 0) return;
    this.link = this.link.filter((n) => n.key === null || !keys.includes(n.key));
  }

  dismissLink(): void {
    this.link = [];
  }

  dismiss(index: number): void {
    this.other = this.other.filter((_, i) => i !== index);
  }
}

/** How the link's notices read as one notice: a single one as it is; several under one heading. */
export function linkGroup(link: readonly LinkNotice[]): { heading: string | null; items: string[] } | null {
  if (link.length === 0) return null;
  if (link.length === 1) return { heading: null, items: [link[0].text] };
  return {
    heading: `The link had ${link.length} settings the lab could not use:`,
    items: link.map((n) => n.text),
  };
}
