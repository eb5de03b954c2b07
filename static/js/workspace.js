// The release form as a newsroom tool: autosave (server and this device), an offer to restore
// unsaved text, a question before leaving a changed form, who else has the release open, and a
// "Jadwalkan" button that names the chosen time. Settings come from #workspace-config (JSON).
"use strict";
(function () {
  let editor = null; // the body's Tiptap editor (django-prose-editor announces it)
  document.addEventListener("prose-editor:ready", (event) => {
    if (event.detail.textarea && event.detail.textarea.name === "body") editor = event.detail.editor;
  });

  // Fields that belong to the request, not to the text; formset counters are never restored.
  const SKIPPED = new Set(["csrfmiddlewaretoken", "loaded_version", "submission_token", "loaded_fields", "status"]);
  const skipped = (name) => !name || SKIPPED.has(name) || name.startsWith("_") || /_FORMS$/.test(name);
  const ZONE_HOURS = { WIB: 7, WITA: 8, WIT: 9 };
  const pad = (number) => String(number).padStart(2, "0");
  const clock = (date) => `${pad(date.getHours())}.${pad(date.getMinutes())}`;
  const fill = (template, values) => template.replace(/%\((\w+)\)s/g, (_all, key) => values[key]);
  const same = (a, b) => {
    const norm = (values) => (values || []).map((v) => v.replace(/\s+/g, " ").replace(/> </g, "><").trim()).join("\u0000");
    return norm(a) === norm(b);
  };

  document.addEventListener("DOMContentLoaded", () => {
    const configNode = document.getElementById("workspace-config");
    const form = document.getElementById("article_form");
    if (!configNode || !form) return;
    const config = JSON.parse(configNode.textContent);
    const strings = document.getElementById("workspace-strings").dataset;
    const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
    const storageKey = `newsroom:autosave:${config.key}`;
    const statusNode = document.querySelector("[data-autosave-status]");
    let dirty = false; // changed since the page was opened (the release itself is not saved)
    let unsent = false; // changed since the last autosave reached the server
    let submitting = false;
    let timer = null;
    let localTimer = null;

    function collect() {
      const data = {};
      const labels = {};
      for (const [name, value] of new FormData(form)) {
        if (skipped(name) || typeof value !== "string") continue;
        (data[name] = data[name] || []).push(value);
      }
      for (const select of form.querySelectorAll("select[name]")) {
        if (skipped(select.name)) continue;
        const chosen = {};
        for (const option of select.selectedOptions) chosen[option.value] = option.textContent.trim();
        if (Object.keys(chosen).length) labels[select.name] = chosen;
      }
      return { data, labels };
    }

    function payload() {
      const { data, labels } = collect();
      const body = new FormData();
      body.append("csrfmiddlewaretoken", csrf);
      body.append("_labels", JSON.stringify(labels));
      for (const [name, values] of Object.entries(data)) for (const value of values) body.append(name, value);
      return body;
    }

    function readLocal() {
      try {
        return JSON.parse(localStorage.getItem(storageKey));
      } catch (_error) {
        return null;
      }
    }

    function storeLocal(extra) {
      try {
        localStorage.setItem(storageKey, JSON.stringify({ ...collect(), savedAt: new Date().toISOString(), ...extra }));
      } catch (_error) {
        // Storage full or disabled: the server copy still works.
      }
    }

    function say(template, time) {
      if (statusNode) statusNode.textContent = fill(template, { time });
    }

    async function save() {
      timer = null;
      if (!unsent || submitting) return;
      unsent = false;
      try {
        const response = await fetch(config.urls.autosave, {
          method: "POST",
          body: payload(),
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrf },
        });
        if (!response.ok) throw new Error(String(response.status));
        const saved = await response.json();
        say(strings.saved, saved.savedAtLabel);
      } catch (_error) {
        unsent = true;
        storeLocal();
        say(strings.offline, clock(new Date()));
      }
    }

    function changed(event) {
      if (event.target && skipped(event.target.name)) return;
      dirty = true;
      unsent = true;
      clearTimeout(localTimer);
      localTimer = setTimeout(storeLocal, 1000);
      if (!timer) timer = setTimeout(save, config.autosaveSeconds * 1000);
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    window.addEventListener("online", () => unsent && save());

    form.addEventListener("submit", () => {
      submitting = true;
      clearTimeout(timer);
      // Kept until the page after the save: a save refused or lost on the way loses nothing.
      storeLocal({ submitted: true });
    });

    // Leaving: the phone may never come back, so send what is left now.
    function leaving() {
      if (submitting) return;
      if (unsent && navigator.sendBeacon(config.urls.autosave, payload())) unsent = false;
      if (dirty) storeLocal();
      if (config.urls.leave) {
        const body = new FormData();
        body.append("csrfmiddlewaretoken", csrf);
        navigator.sendBeacon(config.urls.leave, body);
      }
    }
    window.addEventListener("pagehide", leaving);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden" && unsent && !submitting) {
        if (navigator.sendBeacon(config.urls.autosave, payload())) unsent = false;
      }
    });
    window.addEventListener("beforeunload", (event) => {
      if (!dirty || submitting) return;
      event.preventDefault();
      event.returnValue = strings.leave;
    });

    // The offer to restore unsaved text: the newer of the server's copy and this device's.
    function labelOf(name) {
      const label = form.querySelector(`label[for="id_${name}"]`);
      return label ? label.textContent.replace(/:\s*$/, "").trim() : name;
    }

    function differences(saved) {
      const current = collect().data;
      const names = new Set([...Object.keys(saved.data), ...Object.keys(current)]);
      return [...names].filter((name) => !skipped(name) && !same(saved.data[name], current[name]));
    }

    function restore(saved) {
      for (const element of form.elements) {
        const name = element.name;
        if (skipped(name) || element.type === "file" || element.type === "hidden") continue;
        const values = saved.data[name] || [];
        if (element.type === "checkbox" || element.type === "radio") {
          element.checked = values.includes(element.value);
        } else if (element.tagName === "SELECT") {
          const labels = (saved.labels || {})[name] || {};
          for (const value of values) {
            if (![...element.options].some((option) => option.value === value)) {
              element.add(new Option(labels[value] || value, value));
            }
          }
          for (const option of element.options) option.selected = values.includes(option.value);
        } else if (name in saved.data) {
          element.value = values[0] || "";
          if (name === "body" && editor) editor.commands.setContent(element.value, true);
        } else {
          continue;
        }
        element.dispatchEvent(new Event("change", { bubbles: true }));
        if (window.django && window.django.jQuery && element.tagName === "SELECT") {
          window.django.jQuery(element).trigger("change");
        }
      }
    }

    function offer() {
      const local = readLocal();
      const storedAt = config.storedAt ? Date.parse(config.storedAt) : null;
      let candidates = [];
      if (config.autosave) candidates.push({ ...config.autosave, label: config.autosave.savedAtLabel });
      if (local && local.data) {
        const savedAt = Date.parse(local.savedAt);
        const outdated = (storedAt && savedAt < storedAt) || (local.submitted && !config.autosave);
        if (outdated) localStorage.removeItem(storageKey);
        else candidates.push({ ...local, label: clock(new Date(savedAt)) });
      }
      candidates = candidates.filter((c) => differences(c).length);
      if (!candidates.length) return;
      candidates.sort((a, b) => Date.parse(b.savedAt) - Date.parse(a.savedAt));
      const chosen = candidates[0];
      const box = document.querySelector("[data-autosave-offer]");
      box.querySelector("[data-autosave-offer-title]").textContent = fill(strings.offer, { time: chosen.label });
      box.querySelector("[data-autosave-offer-fields]").textContent = fill(strings.differs, {
        fields: differences(chosen).map(labelOf).join(", "),
      });
      box.hidden = false;
      box.querySelector("[data-autosave-restore]").addEventListener("click", () => {
        restore(chosen);
        box.hidden = true;
        dirty = true;
        unsent = true;
        save();
      });
      box.querySelector("[data-autosave-discard]").addEventListener("click", () => {
        localStorage.removeItem(storageKey);
        const body = new FormData();
        body.append("csrfmiddlewaretoken", csrf);
        fetch(config.urls.discard, { method: "POST", body, credentials: "same-origin" });
        box.hidden = true;
      });
    }
    // After the body editor has started, so its text is compared as it shows it.
    window.addEventListener("load", () => setTimeout(offer, 50));

    // Who else has the release open.
    if (config.urls.presence) {
      const notice = document.querySelector("[data-presence]");
      setInterval(async () => {
        const body = new FormData();
        body.append("csrfmiddlewaretoken", csrf);
        try {
          const response = await fetch(config.urls.presence, { method: "POST", body, credentials: "same-origin" });
          if (!response.ok) return;
          const { others } = await response.json();
          const list = notice.querySelector("ul");
          list.replaceChildren(...others.map((text) => Object.assign(document.createElement("li"), { textContent: text })));
          notice.hidden = others.length === 0;
        } catch (_error) {
          // Offline: the notice stays as it was; the stale-save check still protects the text.
        }
      }, config.heartbeatSeconds * 1000);
    }

    // "Jadwalkan": shown for a time still to come, naming it; a date-only release has no time.
    const when = document.getElementById("id_published_at");
    const hasTime = document.getElementById("id_has_time");
    const zoneNode = document.querySelector("[data-zone-label]");
    function followTime() {
      const zone = zoneNode ? zoneNode.textContent.trim() : "WIB";
      const match = when && /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(when.value);
      let wall = null;
      if (match) wall = Date.UTC(match[1], match[2] - 1, match[3], match[4] || 0, match[5] || 0);
      const future = wall !== null && wall - (ZONE_HOURS[zone] || 7) * 3600e3 > Date.now();
      for (const button of document.querySelectorAll("[data-schedule-button]")) {
        button.hidden = !future;
        if (future) {
          const text = new Intl.DateTimeFormat("id-ID", {
            weekday: "long", day: "numeric", month: "long", year: "numeric",
            hour: "2-digit", minute: "2-digit", timeZone: "UTC",
          }).format(new Date(wall));
          button.textContent = fill(strings.schedule, { time: `${text} ${zone}` });
        }
      }
    }
    const unit = document.getElementById("id_unit");
    if (unit && zoneNode) {
      const zoneOfUnit = () => {
        zoneNode.textContent = (config.zones || {})[unit.value] || "WIB";
        followTime();
      };
      unit.addEventListener("change", zoneOfUnit);
      // The unit field is a select2 widget: it tells jQuery's listeners, not the DOM's.
      if (window.django && window.django.jQuery) window.django.jQuery(unit).on("change", zoneOfUnit);
    }
    if (when) {
      when.addEventListener("input", followTime);
      when.addEventListener("change", followTime);
      if (hasTime) {
        hasTime.addEventListener("change", () => {
          const value = when.value;
          if (hasTime.checked && when.type === "date") {
            when.type = "datetime-local";
            if (value) when.value = `${value}T00:00`;
          } else if (!hasTime.checked && when.type === "datetime-local") {
            when.type = "date";
            if (value) when.value = value.slice(0, 10);
          }
          followTime();
        });
      }
    }
    followTime();
  });
})();
