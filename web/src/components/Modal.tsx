// A modal dialog on the native <dialog> element: focus is trapped and Escape closes it.
import { useEffect, useRef, type ReactNode } from 'react';

export interface ModalProps {
  readonly label: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly wide?: boolean;
}

export function Modal({ label, onClose, children, wide = false }: ModalProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (!element.open) element.showModal();
    const cancel = (event: Event): void => {
      event.preventDefault();
      onClose();
    };
    element.addEventListener('cancel', cancel);
    return () => {
      element.removeEventListener('cancel', cancel);
      if (element.open) element.close();
    };
  }, [onClose]);
  return (
    <dialog ref={dialog} className={`modal${wide ? ' modal-wide' : ''}`} aria-label={label}>
      {children}
    </dialog>
  );
}
