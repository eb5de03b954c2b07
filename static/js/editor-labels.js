// The body editor (django-prose-editor) writes its toolbar's tooltips in English without
// asking the translation catalog; this gives them the page's language through the admin's
// JavaScript catalog (locale/*/LC_MESSAGES/djangojs.po), as its dialogs already are.
"use strict";
(() => {
  const translate = (text) => (typeof window.gettext === "function" ? window.gettext(text) : text);

  function label(text) {
    const heading = /^heading (\d)$/.exec(text);
    if (heading && typeof window.interpolate === "function") {
      return window.interpolate(translate("heading %s"), [heading[1]]);
    }
    return translate(text);
  }

  function relabel() {
    for (const button of document.querySelectorAll(".prose-menubar__button[title]")) {
      if (button.dataset.labelled) continue;
      const text = label(button.getAttribute("title"));
      button.setAttribute("title", text);
      button.setAttribute("aria-label", text);
      button.dataset.labelled = "1";
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    relabel();
    // The editor builds its toolbar after the page has loaded, and rebuilds menus later.
    new MutationObserver(relabel).observe(document.body, { childList: true, subtree: true });
  });
})();
