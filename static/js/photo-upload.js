// Release photos are uploaded as soon as they are chosen, each with a progress bar. The
// stored photo's id goes into a new row of the photo inline, so the release form only
// refers to it: a form refused for a missing title or a stale save keeps its photos.
"use strict";

(function () {
  function csrfToken(form) {
    const input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function addRow(prefix) {
    const group = document.getElementById(prefix + "-group");
    const total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    const link = group && group.querySelector(".add-row a");
    if (!link || !total) {
      return null;
    }
    const index = Number(total.value);
    link.click(); // Django's inlines.js copies the empty form and counts it
    return document.getElementById(prefix + "-" + index);
  }

  // A new photo goes last: its place among the rows on the page.
  function nextOrder(prefix) {
    return document.querySelectorAll("#" + prefix + "-group .inline-related:not(.empty-form)")
      .length;
  }

  // A refused photo leaves no empty row behind; its reason stays under the chooser.
  function refuse(uploader, row, message) {
    const remove = row.querySelector(".inline-deletelink");
    if (remove) {
      remove.click();
    } else {
      row.remove();
    }
    const item = document.createElement("li");
    item.textContent = message;
    uploader.querySelector(".photo-errors").appendChild(item);
  }

  function upload(uploader, file) {
    const prefix = uploader.dataset.prefix;
    const row = addRow(prefix);
    if (!row) {
      return;
    }
    const ref = row.querySelector("[data-photo-ref]");
    const hidden = ref.querySelector("input[type=hidden]");
    const thumb = ref.querySelector("img");
    const progress = ref.querySelector("progress");
    const status = ref.querySelector(".photo-ref-status");
    const order = row.querySelector("input.photo-order");
    if (order) {
      order.value = nextOrder(prefix) - 1;
    }
    row.classList.add("photo-uploading");
    progress.hidden = false;
    progress.value = 0;
    status.textContent = uploader.dataset.sending || "Mengunggah " + file.name + "…";

    const request = new XMLHttpRequest();
    request.open("POST", uploader.dataset.uploadUrl);
    request.setRequestHeader("X-CSRFToken", csrfToken(uploader.closest("form")));
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    request.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) {
        progress.value = Math.round((event.loaded / event.total) * 100);
      }
    });
    request.addEventListener("load", function () {
      let answer = {};
      try {
        answer = JSON.parse(request.responseText);
      } catch (error) {
        answer = {};
      }
      row.classList.remove("photo-uploading");
      progress.hidden = true;
      if (request.status === 201 && answer.id) {
        hidden.value = answer.id;
        thumb.src = answer.thumb;
        thumb.hidden = false;
        status.textContent = "";
        row.classList.add("photo-uploaded");
        const alt = row.querySelector("input[name$='-alt_text']");
        if (alt) {
          alt.focus();
        }
      } else {
        refuse(
          uploader,
          row,
          answer.error || "Foto " + file.name + " gagal diunggah (" + request.status + ")."
        );
      }
    });
    request.addEventListener("error", function () {
      refuse(uploader, row, "Jaringan terputus: foto " + file.name + " belum terunggah. Pilih lagi.");
    });
    const data = new FormData();
    data.append("image", file);
    request.send(data);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-photo-uploader]").forEach(function (uploader) {
      const input = uploader.querySelector("input[type=file]");
      input.addEventListener("change", function () {
        Array.from(input.files).forEach(function (file) {
          upload(uploader, file);
        });
        input.value = ""; // the file itself is never sent with the release form
      });
    });
  });
})();
