/**
 * The field `name` of a reply's `Data` without regard to case, since HotTask's documented replies mix casings
 * (`SessionID`, `messageid`, `totalToken`): the field of that exact name first, else the first whose name is the
 * same in lower case. `undefined` when `data` is not an object or has no such field. Linear in `data`'s field names.
 *
 * @example
 * dataField({ MessageID: 7 }, 'messageId') // 7
 */
export function dataField(data: unknown, name: string): unknown {
  // An array has no field of these names either.
  if (typeof data !== 'object' || data === null) return undefined
  const fields = data as Record<string, unknown>
  if (Object.hasOwn(fields, name)) return fields[name]
  const lower = name.toLowerCase()
  for (const key of Object.keys(fields)) if (key.toLowerCase() === lower) return fields[key]
  return undefined
}

/** `value` when it is a finite number, else `undefined`: an id or a count a server may have left out or mangled. */
export const finiteOrUndefined = (value: unknown): number | undefined => (Number.isFinite(value) ? (value as number) : undefined)
