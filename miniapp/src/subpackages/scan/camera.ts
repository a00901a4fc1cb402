/**
 * H5 camera scanning (issue 15 §1): the browser's own BarcodeDetector where it reads the formats on a
 * medicine pack, otherwise ZXing (@zxing/browser, pinned), imported only when the camera is opened, so
 * neither is in the first-load bundle. The 追溯码 on a pack is a Code 128 barcode or a DataMatrix; the
 * 商品条码 an EAN-13; some packs add a QR code.
 */

export interface CameraScan {
  stop(): void;
}

/** The formats asked of BarcodeDetector (names from the Shape Detection API). */
const DETECTOR_FORMATS = ['ean_13', 'code_128', 'data_matrix', 'qr_code'];

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorClass {
  new (opts: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

/** Why the camera could not be used, in words for the citizen. */
export function cameraProblem(e: unknown): string {
  const name = (e as { name?: string } | null)?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return '没有获得相机权限。可以在浏览器设置中允许使用相机，或直接输入药盒上的数字。';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return '没有找到可用的相机，请直接输入药盒上的数字。';
  return '无法打开相机，请直接输入药盒上的数字。';
}

async function nativeDetector(): Promise<BarcodeDetectorLike | null> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (!Detector) return null;
  try {
    const supported = await Detector.getSupportedFormats();
    const formats = DETECTOR_FORMATS.filter((f) => supported.includes(f));
    // without EAN-13 and Code 128 it cannot read most packs: ZXing does better
    if (!formats.includes('ean_13') || !formats.includes('code_128')) return null;
    return new Detector({ formats });
  } catch {
    return null;
  }
}

/**
 * Shows the rear camera in `video` and calls `onCode` once with the first code read. Rejects (with a
 * DOMException such as NotAllowedError) when the camera cannot be opened.
 */
export async function startCamera(video: HTMLVideoElement, onCode: (text: string) => void): Promise<CameraScan> {
  if (!navigator.mediaDevices?.getUserMedia) throw Object.assign(new Error('no camera API'), { name: 'NotFoundError' });
  const constraints: MediaStreamConstraints = { video: { facingMode: { ideal: 'environment' } }, audio: false };
  const detector = await nativeDetector();
  if (detector) {
    const stream = await navigator.mediaDevices.getUserMedia(constraints);
    video.srcObject = stream;
    video.setAttribute('playsinline', 'true');
    video.muted = true;
    await video.play();
    let stopped = false;
    const stop = () => {
      stopped = true;
      for (const t of stream.getTracks()) t.stop();
      video.srcObject = null;
    };
    const tick = async () => {
      if (stopped) return;
      try {
        const found = (await detector.detect(video)).find((b) => b.rawValue.trim());
        if (found && !stopped) {
          stop();
          onCode(found.rawValue);
          return;
        }
      } catch {
        // a frame that could not be read; try the next one
      }
      setTimeout(() => void tick(), 200);
    };
    void tick();
    return { stop };
  }
  // one import: @zxing/browser re-exports BarcodeFormat (a second import of @zxing/library would bundle it twice)
  const { BarcodeFormat, BrowserMultiFormatReader } = await import('@zxing/browser');
  const reader = new BrowserMultiFormatReader(undefined, { delayBetweenScanAttempts: 150 });
  reader.possibleFormats = [BarcodeFormat.EAN_13, BarcodeFormat.CODE_128, BarcodeFormat.DATA_MATRIX, BarcodeFormat.QR_CODE];
  let done = false;
  const controls = await reader.decodeFromConstraints(constraints, video, (result, _err, c) => {
    if (!result || done) return;
    done = true;
    c.stop();
    onCode(result.getText());
  });
  return { stop: () => controls.stop() };
}
