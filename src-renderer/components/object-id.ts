// An object id as a person types it in a form: "3", "0x0003" or "0003" (hex with the prefix,
// decimal without). Ids are 1..0xfffe (spec/yubihsm2-protocol.md §5.1).

export type ObjectIdInput =
  | { readonly ok: true; readonly id: number | undefined }
  | { readonly ok: false; readonly message: string };

/** Reads a typed id; an empty field means "the one the record names" (undefined). */
export function readObjectId(typed: string): ObjectIdInput {
  const text = typed.trim();
  if (text === '') return { ok: true, id: undefined };
  const hex = /^0x([0-9a-f]{1,4})$/i.exec(text);
  const id = hex
    ? Number.parseInt(hex[1]!, 16)
    : /^\d{1,5}$/.test(text)
      ? Number(text)
      : Number.NaN;
  if (!Number.isInteger(id) || id < 1 || id > 0xfffe) {
    return {
      ok: false,
      message: `“${text}” is not an object id: type a number from 1 to 65534, or hex such as 0x0003.`,
    };
  }
  return { ok: true, id };
}

/** "0x0003" */
export function hexObjectId(id: number): string {
  return `0x${id.toString(16).padStart(4, '0')}`;
}
