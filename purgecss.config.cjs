// Only the Bootstrap the pages use (`make deps` writes var/css/bootstrap.min.css, served in
// place of the whole file; without it the whole file is served).
const site = ".venv/lib/python3*/site-packages";
module.exports = {
  css: ["node_modules/bootstrap/dist/css/bootstrap.min.css"],
  content: [
    "templates/**/*.html", "static/js/*.js",
    "accounts/**/*.py", "complaints/**/*.py", "disposition/**/*.py", "lapor/**/*.py",
    `${site}/crispy_bootstrap5/templates/**/*.html`, `${site}/crispy_forms/templates/**/*.html`,
  ],
  safelist: {
    // Classes a template or Python builds from parts: alert-{{ tag }}, form-select-sm …
    standard: [/^alert-/, /-sm$/, /^is-/, /^was-/, /^visually-hidden/],
    greedy: [/^form-/, /^invalid-/, /^valid-/],
  },
  variables: true,
  keyframes: true,
  fontFace: true,
  output: "var/css",
};
