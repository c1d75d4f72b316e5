// ESLint (flat config, run by `make lint` and tests/test_frontend_lint.py): the atlas's front end is ES modules
// in the browser; the only globals are the ones the pages' classic <script> tags provide, declared below.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", "staticfiles/", ".venv/", ".state/", "test-artifacts/"] },
  js.configs.recommended,
  {
    files: ["static/atlas/js/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: {
        ...globals.browser,
        L: "readonly",  // Leaflet (django-leaflet's leaflet.js) with Leaflet.VectorGrid (node_modules)
        topojson: "readonly",  // topojson-client (node_modules), for the world beyond the atlas's boundaries
        gettext: "readonly",  // Django's JavaScript catalog (/jsi18n/)
        ngettext: "readonly",
        interpolate: "readonly",
      },
    },
    rules: {
      "no-unused-vars": "error",
      "no-undef": "error",
      "prefer-const": "error",
      eqeqeq: "error",
      "no-var": "error",
    },
  },
  {
    files: ["eslint.config.js"],
    languageOptions: { sourceType: "module", globals: globals.node },
  },
];
