// ESLint (flat config, run by `make lint` and tests/test_frontend_lint.py): the atlas's front end is ES modules
// in the browser, by page (map/, upload/, alerts/, passport/, apidocs/) over shared/; the only globals are the ones
// the pages' classic <script> tags provide, declared below. Requests go through shared/api.js alone, and shared/
// imports no page.
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
        L: "readonly",  // Leaflet (django-leaflet's leaflet.js), with maplibre-gl-leaflet and Leaflet-Geoman (node_modules)
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
    files: ["static/atlas/js/**/*.js"],
    ignores: ["static/atlas/js/shared/api.js"],
    rules: {
      "no-restricted-globals": ["error", { name: "fetch", message: "request through shared/api.js, the one API client" },
        { name: "XMLHttpRequest", message: "request through shared/api.js, the one API client" }],
      "no-restricted-properties": ["error", { object: "window", property: "fetch",
        message: "request through shared/api.js, the one API client" }],
    },
  },
  {
    files: ["static/atlas/js/shared/**/*.js"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["../map/*", "../upload/*", "../alerts/*", "../passport/*",
        "../apidocs/*"], message: "shared/ serves every page and imports none" }] }],
    },
  },
  {
    files: ["eslint.config.js"],
    languageOptions: { sourceType: "module", globals: globals.node },
  },
];
