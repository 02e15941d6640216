// Neutral MIME model: lib/imap translates imapflow's BODYSTRUCTURE into this,
// lib/mime decides on it. Nothing here knows about imapflow.

/** One node of a message's BODYSTRUCTURE. */
export interface MimeNode {
  /** IMAP section number ("1", "1.2"); undefined for the root of a single-part message (section "1"). */
  part?: string;
  /** Lower-case "type/subtype", e.g. "text/plain", "multipart/alternative", "message/rfc822". */
  type: string;
  /** Content-Type parameters, keys lower-case (charset, name, boundary …). */
  parameters?: Record<string, string>;
  /** Content-ID without angle brackets. */
  id?: string;
  /** Lower-case Content-Transfer-Encoding ("7bit", "base64", "quoted-printable" …). */
  encoding?: string;
  /** Size in bytes of the encoded part as stored on the server. */
  size?: number;
  /** Lower-case disposition ("inline" | "attachment"), when given. */
  disposition?: string;
  /** Content-Disposition parameters, keys lower-case (filename …). */
  dispositionParameters?: Record<string, string>;
  /** Children of a multipart, or the single child (the message's body) of a message/rfc822. */
  childNodes?: MimeNode[];
  /** For message/rfc822: the embedded message's subject and sender, for display. */
  embedded?: { subject?: string; from?: string; date?: string };
}

/** A part chosen for display in the message view. */
export interface PartRef {
  /** IMAP section to fetch, e.g. "1.1" ("1" for a single-part message). */
  section: string;
  type: string;
  charset: string;
  encoding: string;
  size: number;
}

/** Any part offered for download. */
export interface AttachmentRef {
  section: string;
  filename: string;
  type: string;
  /** Encoded size on the server; decoded size is about 3/4 of this for base64. */
  size: number;
  /** Content-ID (without <>), so HTML can refer to it as cid:… */
  contentId?: string;
  /** True when the HTML body refers to it inline (shown in place rather than listed, if shown). */
  inline: boolean;
}

/** The outcome of looking at a BODYSTRUCTURE. */
export interface BodyPlan {
  /** The part to show, or null when the message has no displayable text (then everything is an attachment). */
  body: PartRef | null;
  /** Alternative of the other kind (text when body is html, html when body is text), if one exists. */
  alternative: PartRef | null;
  attachments: AttachmentRef[];
  /** Embedded messages (message/rfc822) and the plan of each, shown under the main body. */
  embedded: Array<{ section: string; subject?: string; from?: string; date?: string; plan: BodyPlan }>;
}
