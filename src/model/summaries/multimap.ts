/** Adds a value to the list kept under a key, starting the list on first use. */
export function appendTo<V>(lists: Map<string, V[]>, key: string, value: V): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}
