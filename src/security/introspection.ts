import { BREAK, DocumentNode, visit } from 'graphql';

/** Whether the document asks for the schema (`__schema` or `__type` anywhere, fragments too); `__typename` is not introspection. Pure. */
export function asksForSchema(document: DocumentNode): boolean {
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
