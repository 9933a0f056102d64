import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
    { ignores: ['node_modules/', 'dist/', 'coverage/'] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ['**/*.ts'],
        rules: {
            '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'separate-type-imports' }],
            '@typescript-eslint/no-explicit-any': 'error',
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
            '@typescript-eslint/no-floating-promises': 'off',
        },
    },
    {
        // Domain logic stays pure: no engine accessors, no sockets, no mail libraries.
        files: ['src/*/domain/**/*.ts'],
        rules: {
            'no-restricted-imports': [
                'error',
                {
                    patterns: [
                        '@rocket.chat/apps-engine',
                        '@rocket.chat/apps-engine/*',
                        'imapflow',
                        'nodemailer',
                        'nodemailer/*',
                        'mailparser',
                        'net',
                        'tls',
                        'dns',
                    ],
                },
            ],
        },
    },
    {
        files: ['scripts/**/*.mjs', 'test/**/*.ts', 'bench/**/*.ts'],
        languageOptions: { globals: globals.node },
    },
);
