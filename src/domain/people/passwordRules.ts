// What a password must be (NIST SP 800-63B §5.1.1.2: length over composition rules, no
// truncation, any printable Unicode). Hashing lives in app/auth/password.ts.

export const MIN_PASSWORD_LENGTH = 12;
/** Long enough for any passphrase; bounded so one request cannot make the server hash megabytes. */
export const MAX_PASSWORD_LENGTH = 1024;

export type PasswordProblem = 'too-short' | 'too-long' | 'same-as-username' | 'control-characters';

/** SP 800-63B §5.1.1.2: Unicode passwords are normalised (NFKC) before hashing. */
export function normalisePassword(password: string): string {
  return password.normalize('NFKC');
}

export function passwordProblems(password: string, username: string): readonly PasswordProblem[] {
  const text = normalisePassword(password);
  const problems: PasswordProblem[] = [];
  // Counted in code points, as a user counts characters.
  const length = [...text].length;
  if (length < MIN_PASSWORD_LENGTH) problems.push('too-short');
  if (length > MAX_PASSWORD_LENGTH) problems.push('too-long');
  if (text.toLowerCase() === username.toLowerCase()) problems.push('same-as-username');
  if (/[\u0000-\u001f\u007f]/.test(text)) problems.push('control-characters');
  return problems;
}

export function describePasswordProblem(problem: PasswordProblem): string {
  switch (problem) {
    case 'too-short':
      return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
    case 'too-long':
      return `a password has at most ${MAX_PASSWORD_LENGTH} characters`;
    case 'same-as-username':
      return 'a password must not be the username';
    case 'control-characters':
      return 'a password must not contain control characters';
  }
}
