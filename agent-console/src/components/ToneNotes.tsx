/**
 * The tone notes of the site a chat came from (issue #10): how to write to its citizens, from the
 * site's persona, above the open chat. Nothing shows when the site has none.
 */
import { useEffect, useId, useState } from 'react';
import { useLanguage } from '../language.js';
import type { PersonaClient } from '../persona-client.js';
import { PERSONA_WORDS } from '../persona-words.js';

export function ToneNotes({ personas, siteId }: { personas: PersonaClient; siteId: string }) {
  const { language } = useLanguage();
  const id = useId();
  const [notes, setNotes] = useState('');
  useEffect(() => {
    let current = true;
    void personas.toneNotes(siteId).then((text) => current && setNotes(text));
    return () => {
      current = false;
    };
  }, [personas, siteId]);
  if (notes === '') return null;
  return (
    <section className="tone-notes" aria-labelledby={id}>
      <h2 id={id}>{PERSONA_WORDS[language].toneNotesLabel}</h2>
      <p dir="auto">{notes}</p>
    </section>
  );
}
