/**
 * A translated sentence with a person's name in it, the name isolated in `<bdi>`: a name written
 * right to left (or holding a direction override) cannot reorder the words around it.
 */

/** Stands in for the name while the sentence is built; a private-use character no translation holds. */
const SLOT = '\uE000';

/** For sentences that insert the name as given (not ones that inflect it, like French "d’Anne"). */
export function NameInSentence({ sentence, name }: { sentence: (name: string) => string; name: string }) {
  const [before = '', ...rest] = sentence(SLOT).split(SLOT);
  return (
    <>
      {before}
      <bdi>{name}</bdi>
      {rest.join(name)}
    </>
  );
}
