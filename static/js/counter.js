/* A live count under every limited text field (data-max-length, set by lapor/forms.py in
 * place of maxlength, which makes a browser cut a paste without a word): "123 / 5.000
 * karakter", and a warning once the text is longer — nothing is cut; the server says the
 * same without JavaScript and keeps the text. Words come from the page (data-text-*). */
(function () {
  "use strict";
  var words = document.documentElement.dataset;
  var format = function (n) { return n.toLocaleString(document.documentElement.lang || "id"); };

  document.querySelectorAll("[data-max-length]").forEach(function (field) {
    var max = Number(field.dataset.maxLength);
    if (!max || field.type === "hidden") return;
    var line = document.createElement("div");
    line.className = "form-text char-count";
    line.id = (field.id || field.name) + "-hitungan";
    line.setAttribute("aria-live", "polite");
    field.setAttribute("aria-describedby",
      ((field.getAttribute("aria-describedby") || "") + " " + line.id).trim());
    field.insertAdjacentElement("afterend", line);
    function update() {
      var length = field.value.length;
      var over = length > max;
      line.textContent = (over ? words.textTooLong : words.textCount)
        .replace("%(count)s", format(length)).replace("%(max)s", format(max))
        .replace("%(over)s", format(length - max));
      line.classList.toggle("text-danger", over);
      field.classList.toggle("is-invalid", over);
    }
    field.addEventListener("input", update);
    update();
  });
})();
