// A UTF-8 text file as a stream of byte-token chunks for `eval`: read 1 MiB at a time, its BOM dropped, checked to
// be UTF-8 as it goes (the byte tokenizer's ids are the text's UTF-8 bytes), with the bytes read reported.
import { createReadStream } from 'node:fs';
import { CliError } from './errors';

const CHUNK_BYTES = 1 << 20;

export async function* readTextChunks(path: string, onRead: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let offset = 0;
  for await (const buffer of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    let chunk = new Uint8Array(buffer as Buffer);
    try {
      decoder.decode(chunk, { stream: true });
    } catch {
      throw new CliError(
        `${path}: not UTF-8 text: an invalid byte sequence in bytes ${offset}-${offset + chunk.length - 1}`,
      );
    }
    if (offset === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    offset += (buffer as Buffer).length;
    onRead(offset);
    yield chunk;
  }
  try {
    decoder.decode();
  } catch {
    throw new CliError(`${path}: not UTF-8 text: it ends inside a multi-byte character`);
  }
}
