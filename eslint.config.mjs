// @ts-check
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'example/**', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'eqeqeq': ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    // CommonJS build scripts (shared with the TypeScript benchmarks, which require them) use require.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The pure core runs in plain Node (CLI, tests): it must never import the editor API.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core is editor-free: move editor code to src/editor, src/explorer or src/commands.' }] }],
    },
  },
  {
    // VS Code makes `[label](command:…)` in a notification a link that runs the command: messages
    // quoting names or server errors go through src/notifications.ts, which makes them inert.
    files: ['src/**/*.ts'],
    ignores: ['src/notifications.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.property.name='window'][property.name=/^(show(Information|Warning|Error)Message|withProgress)$/]",
          message: 'Use showInformationMessage, showWarningMessage, showErrorMessage or withProgress of src/notifications.ts: they keep names and server errors from becoming links.',
        },
      ],
    },
  },
);
