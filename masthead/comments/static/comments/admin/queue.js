// The comment queue's bulk bar says "1 comment selected", not Wagtail's "1 snippet
// selected": its strings are looked up in wagtailConfig under the footer's item type.
(() => {
  const strings = document.querySelector("[data-comment-bulk-strings]");
  if (!strings || !window.wagtailConfig) return;
  window.wagtailConfig.STRINGS.BULK_ACTIONS.COMMENT = {
    SINGULAR: strings.dataset.singular,
    PLURAL: strings.dataset.plural,
    ALL: strings.dataset.all,
    ALL_IN_LISTING: strings.dataset.allInListing,
  };
})();
