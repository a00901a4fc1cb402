import yauzl from 'yauzl';
import { UnreadableFileError } from '../errors.js';

// An .xlsx is a zip. exceljs (through JSZip) inflates each part whole into memory before it checks the
// part's size, so a zip bomb named .xlsx must be refused before exceljs sees it: first by the sizes the
// zip declares, then by inflating each part as a stream (nothing kept) and stopping at the first byte
// past what it declared (yauzl's validateEntrySizes). Issue 13: "a zip bomb named .xlsx … rejected,
// memory bounded".

/** A bureau sheet of 2 M offers is ~0.5 GB of XML unpacked; four times that is not a table of drugs. */
export const MAX_XLSX_UNPACKED_BYTES = 2 * 2 ** 30;
/** Sheet XML packs 5–20×; runs of one byte pack ~1,000×. Only large parts are held to the ratio. */
const MAX_RATIO = 200;
const RATIO_FROM_BYTES = 16 * 2 ** 20;

const mb = (n: number) => `${Math.round(n / 2 ** 20).toLocaleString('en')} MB`;

export async function checkXlsxZip(path: string, maxUnpacked = MAX_XLSX_UNPACKED_BYTES): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, validateEntrySizes: true, autoClose: false });
  } catch (e) {
    throw new UnreadableFileError(`not a readable .xlsx file (${(e as Error).message})`);
  }
  try {
    const entries: yauzl.Entry[] = [];
    let declared = 0;
    for await (const entry of readEntries(zip)) {
      declared += entry.uncompressedSize;
      if (declared > maxUnpacked) {
        throw new UnreadableFileError(`the .xlsx declares more than ${mb(maxUnpacked)} uncompressed (a zip bomb, or not a table of drugs): refused before it is expanded`);
      }
      if (entry.uncompressedSize > RATIO_FROM_BYTES && entry.uncompressedSize > MAX_RATIO * Math.max(1, entry.compressedSize)) {
        throw new UnreadableFileError(
          `part ${entry.fileName} of the .xlsx expands ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))}× to ${mb(entry.uncompressedSize)} uncompressed (a zip bomb): refused before it is expanded`,
        );
      }
      entries.push(entry);
    }
    // the declared sizes may lie: inflate each part as a stream and stop past what it declared
    for (const entry of entries) {
      const stream = await zip.openReadStreamPromise(entry);
      try {
        for await (const _chunk of stream) {
          // counted by yauzl against entry.uncompressedSize
        }
      } catch (e) {
        throw new UnreadableFileError(`part ${entry.fileName} of the .xlsx does not expand to the size it declares (${(e as Error).message}): refused`);
      }
    }
  } finally {
    zip.close();
  }
}

async function* readEntries(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  while (true) {
    const next = await new Promise<yauzl.Entry | null>((ok, fail) => {
      const onEntry = (e: yauzl.Entry) => (cleanup(), ok(e));
      const onEnd = () => (cleanup(), ok(null));
      const onError = (e: Error) => (cleanup(), fail(new UnreadableFileError(`not a readable .xlsx file (${e.message})`)));
      const cleanup = () => {
        zip.off('entry', onEntry);
        zip.off('end', onEnd);
        zip.off('error', onError);
      };
      zip.once('entry', onEntry);
      zip.once('end', onEnd);
      zip.once('error', onError);
      zip.readEntry();
    });
    if (!next) return;
    yield next;
  }
}
