// Neutral MIME model: lib/imap translates imapflow's BODYSTRUCTURE into this,
// lib/mime decides on it. Nothing here knows about imapflow.

/** One mailbox of an address list (From, To, an embedded message's From), as the envelope gives it. */
export interface Address {
  name: string;
  address: string;
}

/**
 * One node of a message's BODYSTRUCTURE. Section numbers are not stored: lib/mime/plan.ts computes them from the
 * tree's shape, so that the part it plans and the part it later finds are always the same.
 */
export interface MimeNode {
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
  /** For message/rfc822: the embedded message's envelope, for display. */
  embedded?: EmbeddedEnvelope;
}

/** Subject, sender and date (ISO; the Date header when sane) of a message inside a message. */
export interface EmbeddedEnvelope {
  subject?: string;
  from: Address[];
  date?: string;
}

/** A part chosen for display in the message view. */
export interface PartRef {
  /** IMAP section to fetch, e.g. "1.1" ("1" for a single-part message). */
  section: string;
  type: string;
  charset: string;
  encoding: string;
  size: number;
  /** text/plain with `format=flowed` (RFC 3676); only set when so, with its `delsp=yes`. */
  flowed?: { delSp: boolean };
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
  embedded: Array<EmbeddedEnvelope & { section: string; plan: BodyPlan }>;
}
