/**
 * "Download the transcript": asks the server for the citizen's own transcript (in the chat's
 * language, with the organisation, the reference and the time zone) and saves it as a file.
 */
import { useState } from 'preact/hooks';
import type { ChatStrings } from '../../i18n/chat-strings.js';
import type { ChatClient } from '../chat-client.js';

export function TranscriptButton({ client, t }: { client: ChatClient; t: ChatStrings }) {
  const [failed, setFailed] = useState(false);
  const download = async () => {
    const file = await client.transcript();
    setFailed(file === null);
    if (file === null) return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(file.text);
    link.download = file.name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  };
  return (
    <>
      <button type="button" class="secondary" onClick={download}>
        {t.downloadTranscript}
      </button>
      <p class="error" role="alert">
        {failed && t.transcriptFailed}
      </p>
    </>
  );
}
