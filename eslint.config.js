// Lint enforces the layer direction of ARCHITECTURE.md: each layer may import only the
// layers below it. A wrong-way import is an error, not a review comment.
import tseslint from 'typescript-eslint';

const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message })) }],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'web/dist/**', 'web/dist-server/**', 'data/**', 'test-output/**', '.scratch/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  layer(['src/domain/**/*.ts'], ['**/policy/**', '**/app/**', '**/storage/**', '**/ingest/**', '**/http/**', '**/cli/**', '**/config/**', '**/main*'], 'domain imports nothing of ours outside domain'),
  layer(['src/policy/**/*.ts'], ['**/app/**', '**/storage/**', '**/ingest/**', '**/http/**', '**/cli/**', '**/config/**', '**/main*'], 'policy may import only domain'),
  layer(['src/app/**/*.ts'], ['**/storage/**', '**/ingest/**', '**/http/**', '**/cli/**', '**/config/**', '**/main*'], 'app may import only domain and policy'),
  layer(['src/storage/**/*.ts'], ['**/policy/**', '**/ingest/**', '**/http/**', '**/cli/**', '**/config/**', '**/main*'], 'storage may import app/ports and domain'),
  layer(['src/ingest/**/*.ts'], ['**/policy/**', '**/storage/**', '**/http/**', '**/cli/**', '**/config/**', '**/main*'], 'ingest may import domain (and app ports)'),
  layer(['src/http/**/*.ts'], ['**/storage/**', '**/cli/**', '**/main*'], 'http may import app and domain'),
  // Adapters at the edge (issue 7): ports and domain only. The app exclusion is a regex because
  // a glob group cannot re-include app/ports once app/** is excluded.
  {
    files: ['src/delivery/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: '(^|/)app/(?!ports(\\.ts$|/))', message: 'delivery adapters may import app ports and domain only' },
        { group: ['**/policy/**', '**/storage/**', '**/ingest/**', '**/http/**', '**/cli/**', '**/config/**', '**/main*'], message: 'delivery adapters may import app ports and domain only' },
      ] }],
    },
  },
);
