// Embeds: the provider's player is framed only when the reader presses "Load"; until
// then the page asks the provider for nothing. Without JavaScript the plain link remains.
// Each embed block includes this file; whichever copy runs first wires every button.
(function () {
  "use strict";
  function load(button) {
    var figure = button.closest(".embed");
    var frame = document.createElement("iframe");
    frame.className = "embed__player";
    frame.src = button.getAttribute("data-embed-src");
    frame.title = button.getAttribute("data-embed-title");
    frame.setAttribute("sandbox", button.getAttribute("data-embed-sandbox"));
    frame.setAttribute("allow", "autoplay; encrypted-media; fullscreen; picture-in-picture");
    frame.setAttribute("allowfullscreen", "");
    figure.querySelector(".embed__frame").replaceChildren(frame);
    figure.classList.add("embed--loaded");
    button.remove();
    frame.focus();
  }
  document.querySelectorAll("[data-embed-src]:not([data-embed-ready])").forEach(function (button) {
    button.setAttribute("data-embed-ready", "");
    button.hidden = false;
    button.addEventListener("click", function () { load(button); });
  });
})();
