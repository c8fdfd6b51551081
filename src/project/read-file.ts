import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Why a file was not read: its own words go into coverage listings and error messages. */
export type UnreadReason = { readonly kind: 'not-regular' } | { readonly kind: 'too-large'; readonly limit: number } | { readonly kind: 'error'; readonly code: string };

export type ReadOutcome = { readonly ok: true; readonly buffer: Buffer } | { readonly ok: false; readonly reason: UnreadReason };

/**
 * Reads a regular file of at most `maxBytes`. The kind is checked on the opened descriptor, not the
 * path, so a FIFO never blocks the open (O_NONBLOCK) or the read, and a link swapped to /dev/zero
 * after discovery is still refused; the read stops at the cap even if the file grows meanwhile.
 */
export function readRegularFile(path: string, maxBytes: number): ReadOutcome {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { ok: false, reason: { kind: 'error', code: (error as NodeJS.ErrnoException).code ?? 'error' } };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: { kind: 'not-regular' } };
    if (stat.size > maxBytes) return { ok: false, reason: { kind: 'too-large', limit: maxBytes } };
    const buffer = Buffer.allocUnsafe(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) return { ok: false, reason: { kind: 'too-large', limit: maxBytes } };
      if (length === buffer.length) break;
    }
    return { ok: true, buffer: buffer.subarray(0, length) };
  } catch (error) {
    return { ok: false, reason: { kind: 'error', code: (error as NodeJS.ErrnoException).code ?? 'error' } };
  } finally {
    closeSync(fd);
  }
}

export function describeUnread(reason: UnreadReason): string {
  switch (reason.kind) {
    case 'not-regular':
      return 'not a regular file';
    case 'too-large':
      return `larger than ${formatBytes(reason.limit)}`;
    case 'error':
      return `cannot read file (${reason.code})`;
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/** Manifests, ignore files and configs: far larger than any real one, far smaller than /dev/zero. */
export const MAX_METADATA_BYTES = 8 * 1024 * 1024;

/** A small text file (manifest, ignore file, config), or undefined when it is missing, special or oversized. */
export function readMetadataText(path: string): string | undefined {
  const outcome = readRegularFile(path, MAX_METADATA_BYTES);
  return outcome.ok ? outcome.buffer.toString('utf8') : undefined;
}
