// Lint: typescript-eslint's recommended rules over lib/, client/, spec/, examples/ and benchmarks/.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", ".tmp/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Interop with untyped wire data needs `any` in a few places; each one is explicit.
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    files: ["spec/**/*.ts"],
    rules: { "@typescript-eslint/no-unused-expressions": "off", "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
