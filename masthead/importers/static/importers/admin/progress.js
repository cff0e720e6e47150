// The import runs in the background: reload its page until the report is there.
(function () {
  const running = document.querySelector("[data-import-running]");
  if (running) {
    window.setTimeout(() => window.location.reload(), 1500);
  }
})();
