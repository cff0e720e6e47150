// Posts the comment form in place. Without this script the form posts and redirects.
(function () {
  "use strict";
  var form = document.querySelector("[data-comment-form]");
  if (!form || !window.fetch || !window.FormData) return;
  var status = form.querySelector("[data-comment-status]");

  function say(text, kind) {
    status.textContent = "";
    var p = document.createElement("p");
    p.className = "notice notice--" + kind;
    p.textContent = text;
    status.appendChild(p);
  }

  function clearErrors() {
    form.querySelectorAll(".field-error[data-from-script]").forEach(function (node) { node.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (node) { node.removeAttribute("aria-invalid"); });
  }

  function showErrors(errors) {
    Object.keys(errors || {}).forEach(function (name) {
      var field = form.elements[name];
      var target = field && (field.length && !field.tagName ? field[0].closest("fieldset") : field);
      if (!target) return;
      if (target.setAttribute && field.tagName) target.setAttribute("aria-invalid", "true");
      var note = document.createElement("span");
      note.className = "field-error";
      note.setAttribute("data-from-script", "");
      note.textContent = errors[name].join(" ");
      target.insertAdjacentElement("afterend", note);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch(form.action, { method: "POST", body: new FormData(form), headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        say(data.message, data.ok ? "success" : "error");
        if (!data.ok) { showErrors(data.errors); return; }
        form.reset();
        form.elements.token.value = data.token;
        if (data.html) {
          var list = document.querySelector(".comment-list");
          if (!list) {
            list = document.createElement("ol");
            list.className = "comment-list";
            form.insertAdjacentElement("beforebegin", list);
          }
          var item = document.createElement("li");
          item.innerHTML = data.html;
          list.appendChild(item);
        }
      })
      .catch(function () { say(form.getAttribute("data-error-text") || "Sending failed. Check your connection and try again.", "error"); })
      .then(function () { button.disabled = false; });
  });
})();
