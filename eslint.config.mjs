// Lint: typescript-eslint's recommended rules over lib/, client/, spec/, examples/ and benchmarks/.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", ".tmp/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // `any` only where wire data is untyped, each use marked with an eslint-disable comment.
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    files: ["spec/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-expressions": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
      // Specs poke at untyped wire data and third-party internals.
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
);
