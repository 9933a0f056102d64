import { shorten } from './shorten';

/** Longest sender name kept (it names the visitor and the room); longer ones are cut with "…". */
export const MAX_NAME_LENGTH = 128;

const MAIL_ADDRESS = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+\.[^\s@<>"'(),;:]+/g;

/**
 * The name to show for a sender or a copied address, from the display name the mail gives
 * (already sanitized). A name that shows another mail address than the one it belongs to
 * (`"boss@bank.example" <thief@evil.example>`, often hidden in an encoded-word) is not shown:
 * Rocket.Chat then names the visitor by the real address. Overlong names are cut.
 */
export function displayName(name: string, address: string): string {
    // What can be shown of it (twice what is kept, so that an address cut in half counts too): bounded work for any name.
    const shown = [...name.slice(0, MAX_NAME_LENGTH * 2).matchAll(MAIL_ADDRESS)].map((match) => match[0].toLowerCase());
    if (shown.some((other) => other !== address.toLowerCase())) return '';
    return shorten(name, MAX_NAME_LENGTH);
}
