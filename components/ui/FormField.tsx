import type { InputHTMLAttributes, ReactNode } from 'react';

export const INPUT_CLASS = 'min-h-9 rounded-md border border-line bg-surface px-2 text-ink placeholder:text-muted';

/**
 * A labelled text field: the label's words first, then the field, then the hint, each on its own line (text
 * browsers show them apart: "Username", then its field). The field's name is the label alone; the hint describes
 * it (aria-describedby). Its id is `field-<name>` unless one is given (two fields of a name on one page).
 */
export function FormField({ label, hint, className, id, ...input }: InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string }) {
  const fieldId = id ?? `field-${input.name}`;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={fieldId} className="text-sm font-medium">
        {label}
      </label>
      <input id={fieldId} aria-describedby={hint ? `${fieldId}-hint` : undefined} className={`${INPUT_CLASS} ${className ?? ''}`} {...input} />
      {hint ? (
        <span id={`${fieldId}-hint`} className="text-sm text-muted">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

/** A checkbox with its label and an explanation under it. */
export function CheckField({ label, hint, ...input }: InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string }) {
  return (
    <label className="flex items-start gap-2">
      <input type="checkbox" className="mt-1 size-4 accent-accent" {...input} />
      <span>
        {label}
        {hint ? <span className="block text-sm text-muted">{hint}</span> : null}
      </span>
    </label>
  );
}

/** One choice of a set of radio buttons, on a line of its own (a block: text browsers put inline labels on one line). */
export function RadioChoice({ name, value, checked, children }: { name: string; value: string; checked: boolean; children: ReactNode }) {
  return (
    <div>
      <label className="flex items-center gap-2">
        <input type="radio" name={name} value={value} defaultChecked={checked} />
        {children}
      </label>
    </div>
  );
}
