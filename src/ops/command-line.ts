/**
 * Splits a command line from the configuration (ROLLBACK_COMMAND) into a program and its
 * arguments, the way a POSIX shell splits words, and nothing more: single quotes keep
 * everything literal, double quotes allow `\"` and `\\`, a backslash outside quotes escapes the
 * next character. No variables, globs, pipes, redirections or `;` — the result goes to
 * `child_process.spawn` without a shell, so `$(…)`, `&&` and `|` are plain characters of an
 * argument and nothing can be injected. Pure.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) word += line[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new Error('command ends with a lone backslash');
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unclosed ${quote} quote in the command`);
  if (inWord) words.push(word);
  if (words.length === 0) throw new Error('the command is empty');
  return words;
}
