/** Enough of Excel's number formats to show a preview as a person would see it (not a full implementation). */
export function formatCell(value: string | number | boolean | null, numFmt: string | undefined): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') {
    if (numFmt && /[yd]/i.test(numFmt) && /^\d{4}-\d{2}-\d{2}T/.test(value)) return formatDate(new Date(value), numFmt);
    return value;
  }
  if (!numFmt || numFmt === 'General') return String(Number(value.toPrecision(12)));
  const section = numFmt.split(';')[value < 0 && numFmt.includes(';') ? 1 : 0]!;
  const percent = section.includes('%');
  const n = Math.abs(percent ? value * 100 : value);
  const decimals = (/\.(0+)/.exec(section)?.[1] ?? '').length;
  let text = n.toFixed(decimals);
  if (section.includes(',')) text = text.replace(/^(\d+)/, (d) => d.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
  const prefix = /^"([^"]*)"/.exec(section)?.[1] ?? (section.startsWith('$') ? '$' : '');
  return `${value < 0 && !numFmt.includes(';') ? '-' : ''}${prefix}${text}${percent ? '%' : ''}`;
}

function formatDate(d: Date, fmt: string): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return fmt
    .replace(/yyyy/i, String(d.getUTCFullYear()))
    .replace(/yy/i, pad(d.getUTCFullYear() % 100))
    .replace(/mm/i, pad(d.getUTCMonth() + 1))
    .replace(/dd/i, pad(d.getUTCDate()))
    .replace(/[\\"]/g, '');
}
