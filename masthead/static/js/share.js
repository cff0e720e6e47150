// Adds a "copy link" button to the share links; without JavaScript the plain links remain.
(function () {
  "use strict";
  var share = document.querySelector("[data-share-url]");
  if (!share || !navigator.clipboard) return;
  var label = share.getAttribute("data-copy-label");
  var done = share.getAttribute("data-copied-label");
  var item = document.createElement("li");
  var button = document.createElement("button");
  var status = document.createElement("span");
  button.type = "button";
  button.className = "share__link share__copy";
  button.textContent = label;
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(share.getAttribute("data-share-url")).then(function () {
      button.textContent = done;
      status.textContent = done;
      setTimeout(function () { button.textContent = label; }, 2000);
    });
  });
  item.appendChild(button);
  item.appendChild(status);
  share.querySelector("ul").appendChild(item);
})();
