import type { ButtonHTMLAttributes, AnchorHTMLAttributes, ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

export type ButtonVariant = 'primary' | 'secondary' | 'quiet';

/** The classes of a button of `variant`: for <button>, and for a link that acts as one (a toolbar's "Back"). */
export function buttonClass(variant: ButtonVariant = 'secondary', extra = ''): string {
  // Named classes (app/globals.css, "Buttons"): a button's look is one short list, not thirty utilities.
  return `btn btn-${variant} ${extra}`.trim();
}

/**
 * `compact`: on phones only the icon shows; the words stay as hidden text, so the name is the same everywhere and
 * text browsers, which draw no SVG, show them.
 */
type Compact = { compact?: boolean };

function Label({ icon, compact, children }: { icon?: IconName; children: ReactNode } & Compact) {
  return (
    <>
      {icon ? <Icon name={icon} /> : null}
      {icon && compact ? <span className="max-sm:sr-only">{children}</span> : children}
    </>
  );
}

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; icon?: IconName; children: ReactNode } & Compact;

/** A button: a real <button>, so forms work without JavaScript; an icon is decoration beside its words. */
export function Button({ variant = 'secondary', icon, compact, className, children, type = 'submit', ...rest }: ButtonProps) {
  return (
    <button type={type} className={buttonClass(variant, className)} {...rest}>
      <Label icon={icon} compact={compact}>
        {children}
      </Label>
    </button>
  );
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { variant?: ButtonVariant; icon?: IconName; href: string; children: ReactNode } & Compact;

/** A link drawn as a button, for actions that are places (Back, Previous, Next): still a link to everything else. */
export function ButtonLink({ variant = 'secondary', icon, compact, className, children, ...rest }: LinkProps) {
  return (
    <a className={buttonClass(variant, className)} {...rest}>
      <Label icon={icon} compact={compact}>
        {children}
      </Label>
    </a>
  );
}

type IconButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { icon: IconName; label: string };

/**
 * A button that shows only an icon. Its name is `label`, as text hidden from sight (not aria-label), so text
 * browsers, which draw no SVG, show the word.
 */
export function IconButton({ icon, label, className, type = 'submit', ...rest }: IconButtonProps) {
  return (
    <button type={type} title={label} className={buttonClass('quiet', `w-9 ${className ?? ''}`)} {...rest}>
      <Icon name={icon} label={label} />
    </button>
  );
}

/** The same, as a link. */
export function IconLink({ icon, label, className, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { icon: IconName; label: string; href: string }) {
  return (
    <a title={label} className={buttonClass('quiet', `w-9 ${className ?? ''}`)} {...rest}>
      <Icon name={icon} label={label} />
    </a>
  );
}
