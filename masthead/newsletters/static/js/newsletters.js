// Posts the newsletter sign-up forms in place; without this script they post and the
// answer comes back as a page.
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) return;
  document.querySelectorAll("[data-newsletter-form]").forEach(function (form) {
    var status = form.querySelector("[data-newsletter-status]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin"
      })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          status.textContent = data.message;
          status.className = "newsletter-signup__status notice " + (data.ok ? "notice--success" : "notice--error");
          if (data.ok) form.elements.email.value = "";
        })
        .catch(function () { form.submit(); })
        .then(function () { button.disabled = false; });
    });
  });
})();
