// Fetches this reader's form token, then posts the comment form in place.
// Without this script the form posts, comes back with a token, and redirects.
(function () {
  "use strict";
  var form = document.querySelector("[data-comment-form]");
  if (!form || !window.fetch || !window.FormData) return;
  var status = form.querySelector("[data-comment-status]");
  var pendingToken = null;

  // The page is shared by every reader through the cache, so the token that dates the
  // form and keys this submission is asked for when the reader nears the form.
  function ensureToken() {
    if (form.elements.token.value) return Promise.resolve();
    if (!pendingToken) {
      pendingToken = fetch(form.getAttribute("data-token-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) { form.elements.token.value = data.token; })
        .catch(function () { /* the post then comes back with a token to send again */ })
        .then(function () { pendingToken = null; });
    }
    return pendingToken;
  }

  if (window.IntersectionObserver) {
    var watcher = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        watcher.disconnect();
        ensureToken();
      }
    }, { rootMargin: "600px 0px" });
    watcher.observe(form);
  }
  form.addEventListener("focusin", ensureToken);

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

  var discussion = form.closest(".discussion") || document;

  // The totals the post moved, as the server now counts them: the rating summary, the
  // comment count in the heading, and the reader's own rating kept in the picker.
  function showTotals(data) {
    var summary = discussion.querySelector(".rating-summary");
    if (data.summary && summary) summary.outerHTML = data.summary;
    var picked = data.rating && form.querySelector("input[name=rating][value='" + data.rating + "']");
    if (picked) picked.checked = true;
    var heading = discussion.querySelector("h2");
    if (!data.comment_count || !heading) return;
    var count = heading.querySelector(".discussion__count");
    if (!count) {
      count = document.createElement("span");
      count.className = "discussion__count";
      heading.appendChild(document.createTextNode(" "));
      heading.appendChild(count);
    }
    count.textContent = "(" + data.comment_count + ")";
  }

  function showComment(html) {
    var empty = discussion.querySelector(".discussion__empty");
    if (empty) empty.remove();
    var list = discussion.querySelector(".comment-list");
    if (!list) {
      list = document.createElement("ol");
      list.className = "comment-list";
      form.insertAdjacentElement("beforebegin", list);
    }
    var item = document.createElement("li");
    item.innerHTML = html;
    list.appendChild(item);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    ensureToken()
      .then(function () {
        return fetch(form.action, { method: "POST", body: new FormData(form), headers: { Accept: "application/json" }, credentials: "same-origin" });
      })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        say(data.message, data.ok ? "success" : "error");
        if (!data.ok) { showErrors(data.errors); return; }
        form.reset();
        form.elements.token.value = data.token;
        showTotals(data);
        if (data.html) showComment(data.html);
      })
      .catch(function () { say(form.getAttribute("data-error-text") || "Sending failed. Check your connection and try again.", "error"); })
      .then(function () { button.disabled = false; });
  });
})();
