// A count with its noun, in the plural unless the count is one: "1 site", "3 sites", "0 warnings".
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
