/**
 * Which of the known tables a SQL text names (plain). Errs on the side of more: every known table
 * name that appears as a whole word counts, whether it is read or written, so a result is never
 * filed under fewer tables than it read. Memoised per SQL text: the repositories' texts are constants.
 */
export class SqlTables {
  private readonly pattern: RegExp;
  private readonly memo = new Map<string, readonly string[]>();

  constructor(
    tables: readonly string[],
    private readonly memoLimit = 2000,
  ) {
    const names = [...tables].sort((a, b) => b.length - a.length).map((t) => t.replace(/[^a-z0-9_]/gi, ''));
    this.pattern = new RegExp(`(?<![a-z0-9_])(${names.join('|')})(?![a-z0-9_])`, 'gi');
  }

  of(sql: string): readonly string[] {
    const known = this.memo.get(sql);
    if (known) return known;
    const found = [...new Set([...sql.matchAll(this.pattern)].map((m) => m[1].toLowerCase()))].sort();
    if (this.memo.size >= this.memoLimit) this.memo.clear();
    this.memo.set(sql, found);
    return found;
  }
}
