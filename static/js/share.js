// "Salin tautan": copy the release's address; without JavaScript the link simply opens it.
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-copy-link]");
  if (!link || !navigator.clipboard) return;
  event.preventDefault();
  navigator.clipboard.writeText(link.href).then(function () {
    var status = document.getElementById("copy-status");
    if (status) status.textContent = link.getAttribute("data-copied");
  });
});

// "Salin untuk WhatsApp": copy the prepared message with one tap. Without the Clipboard API
// (an old browser, a page not served over HTTPS) the text is opened and selected instead.
document.querySelectorAll("[data-copy-text]").forEach(function (button) {
  button.hidden = false;
  var summary = button.parentNode.querySelector("summary[data-js-label]");
  if (summary) summary.textContent = summary.getAttribute("data-js-label");
});
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy-text]");
  if (!button) return;
  var area = document.getElementById(button.getAttribute("data-copy-text"));
  var status = document.getElementById(button.getAttribute("data-status"));
  function say(message) {
    if (status) status.textContent = message;
  }
  function selectText() {
    var details = area.closest("details");
    if (details) details.open = true;
    area.focus();
    area.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    say(button.getAttribute(copied ? "data-copied" : "data-manual"));
  }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(area.value).then(function () {
      say(button.getAttribute("data-copied"));
    }, selectText);
  } else {
    selectText();
  }
});
