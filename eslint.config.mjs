import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, top to bottom: a folder may import from the layers below it, never from
 * its own layer's other folders or from above (README, "Architecture"). `EmailInboxesApp.ts`
 * sits above them all.
 */
const LAYERS = [
    ['jobs', 'commands', 'endpoints'],
    ['ui'],
    ['status'],
    ['wiring'],
    ['inbound', 'outbound'],
    ['signin'],
    ['omnichannel', 'configuration'],
    ['mail'],
    ['connection'],
    ['platform'],
    ['settings', 'persistence', 'errors'],
    ['i18n', 'runtime'],
];

/** Domain logic stays pure: no engine accessors, no sockets, no mail libraries. */
const IMPURE = ['@rocket.chat/apps-engine', '@rocket.chat/apps-engine/*', 'imapflow', 'nodemailer', 'nodemailer/*', 'mailparser', 'net', 'tls', 'dns'];

function layerRules() {
    return LAYERS.flatMap((layer, index) =>
        layer.flatMap((folder) => {
            const above = LAYERS.slice(0, index + 1)
                .flat()
                .filter((other) => other !== folder);
            const message = `src/${folder} may import only from the layers below it (README, "Architecture")`;
            const upward = { group: above.flatMap((other) => [`**/${other}/*`, `**/${other}/**`]), message };
            return [
                { files: [`src/${folder}/**/*.ts`], rules: { 'no-restricted-imports': ['error', { patterns: [upward] }] } },
                {
                    files: [`src/${folder}/domain/**/*.ts`],
                    rules: { 'no-restricted-imports': ['error', { patterns: [upward, { group: IMPURE, message: 'domain logic stays pure' }] }] },
                },
            ];
        }),
    );
}

export default tseslint.config(
    { ignores: ['node_modules/', 'dist/', 'coverage/'] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ['**/*.ts', '**/*.tsx'],
        rules: {
            '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'separate-type-imports' }],
            '@typescript-eslint/no-explicit-any': 'error',
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
            '@typescript-eslint/no-floating-promises': 'off',
        },
    },
    ...layerRules(),
    {
        files: ['scripts/**/*.mjs', 'test/**/*.ts', 'bench/**/*.ts'],
        ignores: ['test/support/client/page/**'],
        languageOptions: { globals: globals.node },
    },
    // The browser client's page runs in Chromium (bundled by test/support/client/pageBundle.ts).
    {
        files: ['test/support/client/page/**/*.ts', 'test/support/client/page/**/*.tsx'],
        languageOptions: { globals: globals.browser },
    },
);
