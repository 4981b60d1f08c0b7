import { useEffect, useRef } from 'react';

interface CancelDialogProps {
  readonly open: boolean;
  /** What cancelling now means, in one or two sentences. */
  readonly warning: string;
  readonly onConfirm: () => void;
  readonly onDismiss: () => void;
}

/**
 * Asks before a ceremony is cancelled. A native modal dialog: it traps focus, Esc closes it
 * (which dismisses), and the safe choice ("Keep going") comes first so it gets the focus.
 */
export function CancelDialog({ open, warning, onConfirm, onDismiss }: CancelDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="cancel-dialog-title"
      aria-describedby="cancel-dialog-warning"
      data-testid="wizard-cancel-dialog"
      // However the dialog closes (Esc, or `open` turning false), React state follows.
      onClose={onDismiss}
    >
      <h2 id="cancel-dialog-title">Cancel this ceremony?</h2>
      <p id="cancel-dialog-warning">{warning}</p>
      <div className="dialog__actions">
        <button
          type="button"
          className="button"
          onClick={onDismiss}
          data-testid="wizard-cancel-dismiss"
        >
          Keep going
        </button>
        <button
          type="button"
          className="button button--danger"
          onClick={onConfirm}
          data-testid="wizard-cancel-confirm"
        >
          Cancel ceremony
        </button>
      </div>
    </dialog>
  );
}
