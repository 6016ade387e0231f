/**
 * The minimum strength of a password (NIST SP 800-63B in spirit: length first, no composition
 * puzzles beyond a little variety, no well-known or self-describing passwords). Pure.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** A few of the most common passwords (and the product's own name); lowercased. */
const COMMON = new Set([
  'password1234', 'password12345', 'passw0rd1234', '123456789012', '1234567890123', 'qwertyuiop12', 'qwerty123456', 'iloveyou1234',
  'administrator', 'admin1234567', 'letmein12345', 'welcome12345', 'changeme1234', 'neuronexus123', 'neuronexus1234',
]);

/** What is wrong with the password, or undefined when it is strong enough. */
export function passwordProblem(password: string, username: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `at most ${MAX_PASSWORD_LENGTH} characters`;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  // Long passphrases may be one class; shorter ones need two kinds of character.
  if (password.length < 16 && classes < 2) return 'at least two kinds of character (lower case, upper case, digits, symbols), or 16 characters or more';
  if (new Set(password).size < 5) return 'at least 5 different characters';
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'a well-known password; choose another';
  if (username.length >= 3 && lower.includes(username.toLowerCase())) return 'must not contain the user name';
  return undefined;
}
