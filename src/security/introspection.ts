import { BREAK, DocumentNode, visit } from 'graphql';

const answers = new WeakMap<DocumentNode, boolean>();

/**
 * Whether the document asks for the schema (`__schema` or `__type` anywhere, fragments too); `__typename` is not introspection. Pure.
 * Remembered per document: Apollo hands the same parsed document to every request with the same text.
 */
export function asksForSchema(document: DocumentNode): boolean {
  const known = answers.get(document);
  if (known !== undefined) return known;
  const found = walkForSchema(document);
  answers.set(document, found);
  return found;
}

function walkForSchema(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}
