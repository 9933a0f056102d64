import de from '../../i18n/de.json';
import en from '../../i18n/en.json';
import es from '../../i18n/es.json';
import ptBR from '../../i18n/pt-BR.json';

export type MessageKey = keyof typeof en;
export type MessageParams = Record<string, string | number>;

const catalogs: Record<string, Partial<Record<MessageKey, string>>> = { en, de, es, 'pt-br': ptBR, pt: ptBR };

/**
 * Apps cannot ask Rocket.Chat to translate the text they send to users, so command output
 * and notices are translated here from the same i18n files the engine uses for settings.
 * Falls back to English for unknown languages and missing keys; `{{name}}` placeholders. With
 * a numeric `count`, the language's plural form is used where the catalog has one
 * (`<key>_one`...; the key itself holds the other form).
 */
export function translate(language: string | undefined, key: MessageKey, params: MessageParams = {}): string {
    const catalog = catalogFor(language);
    const plural = typeof params.count === 'number' ? (`${key}_${pluralRules(language).select(params.count)}` as MessageKey) : undefined;
    const template = (plural && (catalog[plural] ?? en[plural])) || (catalog[key] ?? en[key]);
    return template.replace(/\{\{(\w+)\}\}/g, (placeholder, name: string) => (name in params ? String(params[name]) : placeholder));
}

function pluralRules(language: string | undefined): Intl.PluralRules {
    try {
        return new Intl.PluralRules(language ?? 'en');
    } catch {
        // A language tag Intl does not know: English rules.
        return new Intl.PluralRules('en');
    }
}

function catalogFor(language: string | undefined): Partial<Record<MessageKey, string>> {
    const wanted = (language ?? 'en').toLowerCase();
    return catalogs[wanted] ?? catalogs[wanted.split('-')[0]] ?? en;
}

/** A translator bound to one user's language. */
export type Translator = (key: MessageKey, params?: MessageParams) => string;

export function translatorFor(language: string | undefined): Translator {
    return (key, params) => translate(language, key, params);
}
