import { useEffect, useRef, useState } from 'react';
import { defineMessages, useT } from '../../i18n/i18n';

const m = defineMessages({
  scan: { kk: 'QR кодын камерамен оқу', ru: 'Считать QR-код камерой', en: 'Scan the QR code with the camera' },
  stop: { kk: 'Камераны тоқтату', ru: 'Остановить камеру', en: 'Stop the camera' },
  looking: {
    kk: 'QR кодын камераға көрсетіңіз…',
    ru: 'Покажите QR-код камере…',
    en: 'Hold the QR code up to the camera…',
  },
  camera: { kk: 'Камера көрінісі', ru: 'Изображение с камеры', en: 'Camera view' },
  denied: {
    kk: 'Камераға рұқсат берілмеді. Браузер параметрлерінде рұқсат етіңіз немесе файлды жүктеңіз.',
    ru: 'Доступ к камере не разрешён. Разрешите его в настройках браузера или загрузите файл.',
    en: 'Camera access was refused. Allow it in the browser settings, or upload the file instead.',
  },
  noCamera: { kk: 'Камера табылмады.', ru: 'Камера не найдена.', en: 'No camera was found.' },
  unavailable: {
    kk: 'Бұл бетте камера қолжетімсіз (HTTPS немесе localhost қажет).',
    ru: 'Камера недоступна на этой странице (нужен HTTPS или localhost).',
    en: 'The camera is not available on this page (it needs HTTPS or localhost).',
  },
});

/** How often a frame is looked at, in ms (a QR code held up is read within a few frames). */
const SCAN_PERIOD_MS = 150;

type Decode = (video: HTMLVideoElement) => Promise<string | undefined>;

interface NativeDetector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
interface NativeDetectorClass {
  new (options: { formats: string[] }): NativeDetector;
  getSupportedFormats(): Promise<string[]>;
}

/**
 * The decoder for this browser: the native BarcodeDetector where it reads QR codes (Chrome on
 * Android, macOS, ChromeOS; Safari), else jsQR (pure JS, loaded only now, so it never weighs on
 * the first load) over the video frame drawn on a canvas.
 */
async function decoder(): Promise<Decode> {
  const Native = (globalThis as unknown as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
  if (Native && (await Native.getSupportedFormats().catch((): string[] => [])).includes('qr_code')) {
    const detector = new Native({ formats: ['qr_code'] });
    return async (video) => (await detector.detect(video))[0]?.rawValue;
  }
  const { default: jsQR } = await import('jsqr');
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  return async (video) => {
    if (!video.videoWidth) return undefined;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    context.drawImage(video, 0, 0);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data || undefined;
  };
}

type Failure = 'denied' | 'noCamera' | 'unavailable';

/**
 * A button that opens the device camera (the back one on a phone or tablet), reads the first QR
 * code it sees and hands its text to `onScan`, then closes the camera. The camera is closed too
 * when the person stops it or leaves the page.
 */
export function QrScanner({ onScan }: { onScan(text: string): void }) {
  const t = useT(m);
  const [scanning, setScanning] = useState(false);
  const [failure, setFailure] = useState<Failure>();
  const video = useRef<HTMLVideoElement>(null);
  const found = useRef(onScan);
  found.current = onScan;

  useEffect(() => {
    if (!scanning) return;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const stop = () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
    void (async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) throw Object.assign(new Error('no mediaDevices'), { name: 'Unavailable' });
        const decode = await decoder();
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
        if (stopped) return stop();
        const element = video.current!;
        element.srcObject = stream;
        await element.play();
        const look = async () => {
          if (stopped) return;
          const text = await decode(element).catch(() => undefined);
          if (text && !stopped) {
            stop();
            setScanning(false);
            found.current(text);
          } else timer = setTimeout(() => void look(), SCAN_PERIOD_MS);
        };
        void look();
      } catch (error) {
        const name = (error as Error).name;
        setFailure(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : name === 'Unavailable' ? 'unavailable' : 'noCamera');
        setScanning(false);
        stop();
      }
    })();
    return stop;
  }, [scanning]);

  return (
    <div className="field qr-scanner">
      {scanning ? (
        <>
          <video ref={video} className="qr-video" muted playsInline aria-label={t('camera')} data-testid="qr-video" />
          <p className="hint" role="status">
            {t('looking')}
          </p>
          <button type="button" onClick={() => setScanning(false)}>
            {t('stop')}
          </button>
        </>
      ) : (
        <button
          type="button"
          onClick={() => {
            setFailure(undefined);
            setScanning(true);
          }}
        >
          {t('scan')}
        </button>
      )}
      {failure ? (
        <p className="errors" role="alert" data-code={failure}>
          {t(failure)}
        </p>
      ) : null}
    </div>
  );
}
