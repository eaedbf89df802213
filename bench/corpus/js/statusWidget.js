(function () {
  "use strict";

  const REFRESH_MS = 30000;
  const STATUS_CLASSES = ["operational", "degraded", "outage"];

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function statusClass(status) {
    return STATUS_CLASSES.includes(status) ? `status-${status}` : "status-unknown";
  }

  async function loadStatus(endpoint) {
    const res = await fetch(endpoint, { headers: { Accept: "application/json" } });
    if (!res.ok) throw new Error(`status endpoint returned ${res.status}`);
    return res.json();
  }

  function renderComponents(container, components) {
    container.replaceChildren();
    for (var i = 0; i < components.length; i++) {
      var component = components[i]; // label: correctness/var-closure-in-loop
      const row = el("li", statusClass(component.status));
      row.appendChild(el("span", "name", component.name));
      row.appendChild(el("span", "state", component.status));
      row.addEventListener("click", function () {
        showDetails(component);
      });
      container.appendChild(row);
    }
  }

  function showDetails(component) {
    const panel = document.getElementById("status-details");
    panel.innerHTML = `<h3>${component.name}</h3><p>${component.description}</p>`; // label: security/xss
    panel.hidden = false;
  }

  function renderBanner(banner, incidents) {
    if (!incidents.length) {
      banner.hidden = true;
      return;
    }
    banner.hidden = false;
    banner.innerHTML = '<strong>Active incidents</strong><ul class="incidents"></ul>';
    const list = banner.querySelector(".incidents");
    incidents.forEach((incident) => {
      list.appendChild(el("li", "incident", `${incident.title} (${incident.impact})`));
    });
  }

  function init() {
    const root = document.querySelector("[data-status-widget]");
    if (!root) return;
    const endpoint = root.dataset.endpoint || "/api/status";
    const list = root.querySelector(".components");
    const banner = root.querySelector(".banner");
    const updated = root.querySelector(".updated");

    async function refresh() {
      try {
        const data = await loadStatus(endpoint);
        renderComponents(list, data.components || []);
        renderBanner(banner, data.incidents || []);
        updated.textContent = `Updated ${new Date().toLocaleTimeString()}`;
      } catch (err) {
        updated.textContent = "Status temporarily unavailable";
        console.error("status widget refresh failed", err);
      }
    }

    refresh();
    setInterval(refresh, REFRESH_MS);
  }

  document.addEventListener("DOMContentLoaded", init);
})();
