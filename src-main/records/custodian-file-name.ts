// How files made for one custodian in a rehearsal are named: "<share number>-<name>.<ext>",
// the share files `custos init` writes (.txt) and the sheets `custos sheets` makes from them
// (.html). The name is folded to what any file system accepts; the share number leads, so a
// restore can tell whose share a file should hold.

export function custodianFileName(
  shareNumber: number,
  custodian: string,
  extension: 'txt' | 'html',
): string {
  const slug = custodian
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `${shareNumber}-${slug || 'custodian'}.${extension}`;
}
