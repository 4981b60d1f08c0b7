import type { QrMatrix } from './qr-path';
import { qrExtent, qrPath } from './qr-path';

interface QrCodeProps {
  readonly matrix: QrMatrix;
  /** What the code holds, for people who cannot see it ("QR code of the share"). */
  readonly label: string;
  readonly testId?: string;
}

/** A QR code drawn from main's module matrix: dark modules on a white square with its quiet zone. */
export function QrCode({ matrix, label, testId }: QrCodeProps) {
  const extent = qrExtent(matrix.size);
  return (
    <svg
      className="qr-code"
      viewBox={`0 0 ${extent} ${extent}`}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
      data-testid={testId}
    >
      <rect width={extent} height={extent} fill="#ffffff" />
      <path d={qrPath(matrix)} fill="#000000" />
    </svg>
  );
}
