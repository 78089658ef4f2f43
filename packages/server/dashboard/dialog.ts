/**
 * Modal dialogs on the native `<dialog>` element: the browser traps focus inside, Escape closes it,
 * and it is announced as a dialog named by its heading. Focus goes back to what opened it.
 * @module
 */
import { h, type Child } from './dom.js';

let counter = 0;

export interface OpenDialog {
  dialog: HTMLDialogElement;
  /** The dialog's content below its heading. */
  body: HTMLElement;
  setTitle(text: string): void;
  close(): void;
}

export function openDialog(title: string, onClosed?: () => void): OpenDialog {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const titleId = `dialog-title-${++counter}`;
  const heading = h('h2', { id: titleId }, title);
  const body = h('div', { class: 'dialog-body' });
  const dialog = h('dialog', { 'aria-labelledby': titleId }, heading, body);
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener?.isConnected) opener.focus();
    onClosed?.();
  });
  document.body.appendChild(dialog);
  dialog.showModal();
  return {
    dialog,
    body,
    setTitle: (text) => void (heading.textContent = text),
    close: () => dialog.close(),
  };
}

/** Asks before something that cannot be undone; resolves true only for the confirm button. */
export function confirmDialog(title: string, text: Child, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    let confirmed = false;
    const d = openDialog(title, () => resolve(confirmed));
    const cancel = h('button', { type: 'button', class: 'secondary', onclick: () => d.close() }, 'Cancel');
    d.body.append(
      h('p', {}, text),
      h(
        'div',
        { class: 'actions' },
        cancel,
        h('button', { type: 'button', class: 'danger', onclick: () => ((confirmed = true), d.close()) }, confirmLabel),
      ),
    );
    // The safe choice has focus first: Enter on a dialog that just opened must not revoke anything.
    cancel.focus();
  });
}
