// Suggest existing tags while a release's comma-separated tag field is typed in.
// Suggestions come from the admin's own autocomplete endpoint, shown in a native <datalist>.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const input = document.getElementById("id_tags");
  if (!input || !input.dataset.autocompleteUrl) return;
  const list = document.createElement("datalist");
  list.id = "id_tags_suggestions";
  input.after(list);
  input.setAttribute("list", list.id);
  input.setAttribute("autocomplete", "off");
  let timer = null;
  let lastTerm = null;

  async function suggest() {
    const parts = input.value.split(",");
    const term = parts.pop().trim();
    if (term.length < 2 || term === lastTerm) return;
    lastTerm = term;
    const chosen = parts.map((part) => part.trim()).filter(Boolean);
    const url = new URL(input.dataset.autocompleteUrl, window.location.href);
    url.search = new URLSearchParams({
      term,
      app_label: "articles",
      model_name: "article",
      field_name: "tags",
    });
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) return;
    const data = await response.json();
    list.replaceChildren(
      ...data.results.map((result) => {
        const option = document.createElement("option");
        option.value = [...chosen, result.text].join(", ");
        return option;
      }),
    );
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 200);
  });
});
