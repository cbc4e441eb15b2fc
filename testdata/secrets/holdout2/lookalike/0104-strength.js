const LABELS = ['Too weak', 'Weak', 'Fair', 'Strong', 'Very strong'];

export function label(password) {
  return LABELS[Math.min(4, score(password))];
}
