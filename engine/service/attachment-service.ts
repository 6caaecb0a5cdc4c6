import type { Knex } from 'knex';
import type { Actor } from '../runtime/index.js';
import { AgoraError } from '../errors.js';
import { KnexAttachmentStore, type AttachmentRow } from '../store/index.js';
import type { ReadService } from './read-service.js';

/**
 * Downloads of files uploaded with forms. Whoever may read the case may
 * download its files: the case is loaded through {@link ReadService.loadReadable},
 * so a case outside the actor's access answers 404 like one that does not
 * exist, an attachment id of another case finds nothing, and a file of a form
 * the actor's access hides is not found either.
 */
export class AttachmentService {
  constructor(
    private readonly knex: Knex,
    private readonly reads: ReadService,
  ) {}

  async download(actor: Actor, caseId: string, attachmentId: string): Promise<AttachmentRow> {
    const { forms } = await this.reads.loadReadable(actor, caseId);
    const row = await new KnexAttachmentStore(this.knex).get(actor.tenantId, caseId, attachmentId);
    // A file of a form the actor's access does not show is as absent as the form's data.
    if (!row || (forms !== null && !forms.includes(row.form))) throw new AgoraError('ATTACHMENT_NOT_FOUND', { id: caseId, attachment: attachmentId });
    // A file is personal data: its download is logged like any other read (who, when, case, form; never content).
    await this.reads.logReads(actor, [{ caseId, forms: [row.form] }], 'attachment');
    return row;
  }
}
