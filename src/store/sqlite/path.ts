/** `./data/liza.db`, `file:./x.db`, `file::memory:` or `:memory:` → a path SQLite opens. */
export function sqlitePathFromUrl(url: string): string {
  if (url.startsWith('file:')) return url.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
  return url;
}
