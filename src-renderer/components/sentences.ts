// Main writes plan problems as clauses ("the threshold 4 is above the 3 custodians; …") so they
// read well after a field's name; standing alone on screen they start with a capital and end
// with a full stop.

export function asSentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) return trimmed;
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}
