/**
 * The Persona page's and the chat view's reads and writes over the console's live connection
 * (issue #10): a site's persona and the presets (managers), saving it, uploading its avatar (an
 * HTTP route: the image is bytes, not a socket frame), and the tone notes of a site for any agent,
 * asked once per site and kept.
 */
import type { PersonaFieldsInput } from '../../protocol/persona.js';
import type { AgentCommandResult } from './agent-socket.js';
import type { ConsoleErrorCode } from './console-types.js';
import type { SendCommand } from './supervision-client.js';

export type UploadResult = { ok: true; imageHash: string } | { ok: false; code: ConsoleErrorCode; message: string };

export class PersonaClient {
  private readonly toneNotesBySite = new Map<string, Promise<string>>();

  constructor(private readonly send: SendCommand) {}

  sites(): Promise<AgentCommandResult<'admin:sites:list'>> {
    return this.send('admin:sites:list', {});
  }

  get(siteId: string): Promise<AgentCommandResult<'admin:persona:get'>> {
    return this.send('admin:persona:get', { siteId });
  }

  async save(siteId: string, expectedVersion: number, persona: PersonaFieldsInput): Promise<AgentCommandResult<'admin:persona:save'>> {
    const result = await this.send('admin:persona:save', { siteId, expectedVersion, persona });
    if (result.ok) this.toneNotesBySite.delete(siteId);
    return result;
  }

  /** Sends the image's bytes as they are: the server decides its type from them. */
  async uploadAvatar(siteId: string, file: Blob): Promise<UploadResult> {
    try {
      const response = await fetch(`/api/admin/persona/avatar?${new URLSearchParams({ site: siteId })}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: file,
      });
      const body = (await response.json()) as { imageHash?: string; error?: { code: ConsoleErrorCode; message: string } };
      if (response.ok && body.imageHash !== undefined) return { ok: true, imageHash: body.imageHash };
      return { ok: false, code: body.error?.code ?? 'internal', message: body.error?.message ?? '' };
    } catch {
      return { ok: false, code: 'network', message: '' };
    }
  }

  /** How to write to this site's citizens (empty when none, or when it could not be read). */
  toneNotes(siteId: string): Promise<string> {
    let notes = this.toneNotesBySite.get(siteId);
    if (notes === undefined) {
      notes = this.send('persona:tone-notes', { siteId }).then((result) => {
        if (!result.ok) this.toneNotesBySite.delete(siteId);
        return result.ok ? result.toneNotes : '';
      });
      this.toneNotesBySite.set(siteId, notes);
    }
    return notes;
  }
}
