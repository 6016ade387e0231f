import { FormEvent, useEffect, useRef } from 'react';

export interface DecisionInput {
  quantity?: string;
  reason: string;
}

/**
 * A modal form for a decision that needs a reason (adjust, reject, edit a PO line). The native
 * <dialog> traps focus and closes on Escape; focus goes back to where it was.
 */
export function ReasonDialog(props: { title: string; quantity?: string; confirm: string; onSubmit(input: DecisionInput): void; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current!;
    const before = document.activeElement as HTMLElement | null;
    dialog.showModal();
    return () => before?.focus();
  }, []);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const reason = String(form.get('reason') ?? '').trim();
    if (!reason) return;
    props.onSubmit({ reason, quantity: props.quantity === undefined ? undefined : String(form.get('quantity') ?? '').trim() });
  }
  return (
    <dialog ref={ref} onClose={props.onClose} aria-labelledby="dialog-title" className="dialog">
      <form onSubmit={submit}>
        <h2 id="dialog-title">{props.title}</h2>
        {props.quantity !== undefined && (
          <label>
            Quantity
            <input name="quantity" inputMode="decimal" defaultValue={props.quantity} required pattern="\d+(\.\d{1,3})?" autoFocus />
          </label>
        )}
        <label>
          Reason
          <input name="reason" required maxLength={1000} autoFocus={props.quantity === undefined} />
        </label>
        <div className="actions">
          <button type="submit">{props.confirm}</button>
          <button type="button" className="secondary" onClick={() => ref.current?.close()}>Cancel</button>
        </div>
      </form>
    </dialog>
  );
}
