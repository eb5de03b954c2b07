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
