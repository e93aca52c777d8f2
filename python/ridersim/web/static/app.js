// The workspace's pages: collect a proposal, run it, follow its progress, save offers, export.
// Text shown to people comes from the page (data-* attributes and the server's messages).
"use strict";

function $(id) { return document.getElementById(id); }

// every change carries the token this server put in the page: another site's page has none
function token() {
  const meta = document.querySelector('meta[name="ridersim-token"]');
  return meta ? meta.content : "";
}

async function postJSON(url, body) {
  const response = await fetch(url, {method: "POST", credentials: "same-origin",
                                     headers: {"Content-Type": "application/json", "X-Ridersim-Token": token()},
                                     body: JSON.stringify(body)});
  let data = {};
  try { data = await response.json(); } catch (e) { data = {error: response.statusText}; }
  return {status: response.status, data: data};
}

function showErrors(fields) {
  document.querySelectorAll("[data-error-for]").forEach(el => { el.textContent = ""; });
  for (const [field, message] of Object.entries(fields || {})) {
    const el = document.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
    if (el) { el.textContent = message; }
  }
}

// the value of a lever control, as JSON would carry it; undefined when it is the baseline's
function leverValue(input) {
  const kind = input.dataset.kind;
  const initial = JSON.parse(input.dataset.initial);
  let value;
  if (kind === "boolean") { value = input.checked; }
  else if (kind === "choice") { value = input.value === "" ? null : input.value; }
  else if (kind === "json") {
    try { value = JSON.parse(input.value); } catch (e) { return {error: e.message}; }
  } else {
    if (input.value.trim() === "") { return initial === null ? undefined : {error: "a number"}; }
    value = Number(input.value);
  }
  if (JSON.stringify(value) === JSON.stringify(initial)) { return undefined; }
  return {value: value};
}

// the platform's levers and objective for its answer; undefined when they are the baseline's
function collectPlatform() {
  const box = $("platform-controls");
  if (!box) { return undefined; }
  const number = input => input.value.trim() === "" ? NaN : Number(input.value);
  const levers = [];
  for (const row of box.querySelectorAll("tr[data-path]")) {
    if (!row.querySelector('[data-platform="free"]').checked) { continue; }
    const lever = {path: row.dataset.path, min: number(row.querySelector('[data-platform="min"]')),
                   max: number(row.querySelector('[data-platform="max"]'))};
    if (!Number.isFinite(lever.min) || !Number.isFinite(lever.max)) { return {error: `${lever.path}: a number in each bound`}; }
    levers.push(lever);
  }
  const objective = {};
  for (const input of box.querySelectorAll("[data-objective]")) {
    objective[input.dataset.objective] = number(input);
    if (!Number.isFinite(objective[input.dataset.objective])) { return {error: `${input.dataset.objective}: a number`}; }
  }
  // only what differs from the baseline's block: its levers as a whole, the objective term by term
  const initial = JSON.parse(box.dataset.initial);
  const platform = {};
  if (JSON.stringify(levers) !== JSON.stringify(initial.levers)) { platform.levers = levers; }
  for (const [term, value] of Object.entries(objective)) {
    if (value !== initial.objective[term]) { (platform.objective = platform.objective || {})[term] = value; }
  }
  return Object.keys(platform).length ? platform : undefined;
}

// a lever given to the platform: a row like the others, bounded by the lever's own range
function addPlatformLever(select) {
  const option = select.selectedOptions[0];
  if (!option || !option.value) { return; }
  const row = document.createElement("tr");
  row.dataset.path = option.value;
  const bound = (kind, value) => `<td><input type="number" data-platform="${kind}" value="${value}" step="any"></td>`;
  row.innerHTML = `<td class="name"><input type="checkbox" data-platform="free" checked></td><td class="name"></td>` +
                  bound("min", option.dataset.lowest) + bound("max", option.dataset.highest);
  row.children[1].textContent = option.textContent;
  $("platform-levers").appendChild(row);
  option.remove();
  select.value = "";
}

function collectProposal(form) {
  const changes = {};
  const errors = {};
  form.querySelectorAll("[data-kind]").forEach(input => {
    const key = input.closest(".lever").dataset.key;
    const got = leverValue(input);
    input.closest(".lever").classList.toggle("changed", got !== undefined);
    if (got === undefined) { return; }
    if (got.error) { errors[key] = got.error; } else { changes[key] = got.value; }
  });
  const body = {trade: form.dataset.trade, name: $("name").value, reason: $("reason").value, changes: changes,
                replications: Number($("replications").value)};
  if ($("platform_responds") && $("platform_responds").checked) {
    body.platform_responds = true;
    const platform = collectPlatform();
    if (platform && platform.error) { errors.platform = platform.error; }
    else if (platform) { body.platform = platform; }
  }
  if ($("seed").value.trim() !== "") { body.seed = Number($("seed").value); }
  return {body: body, errors: errors};
}

async function follow(key, onDone) {
  const bar = $("progress"), status = $("status");
  bar.hidden = false;
  for (;;) {
    const response = await fetch(`/api/comparisons/${key}`);
    const job = await response.json();
    bar.max = job.total || 1;
    bar.value = job.done;
    const stage = status.dataset[job.stage === "answer" ? "stageAnswer" : "stageRuns"] || "";
    status.textContent = `${stage} ${job.done} / ${job.total}`.trim();
    if (job.status === "done") { onDone(); return; }
    if (job.status === "failed") { status.textContent = job.error; return; }
    await new Promise(resolve => setTimeout(resolve, 400));
  }
}

// a button that brings the control a rule needs to bite into view, opened and focused
function controlButton(key) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "control";
  button.dataset.control = key;
  button.textContent = document.getElementById("editor").dataset.setLabel.replace("%s", key);
  button.addEventListener("click", () => {
    const input = $(`lever-${key}`);
    input.closest("details").open = true;
    input.scrollIntoView({block: "center"});
    input.focus();
  });
  return button;
}

function setUpEditor(form) {
  if ($("platform-add")) { $("platform-add").addEventListener("change", event => addPlatformLever(event.target)); }
  // check a changed lever at once, with the same messages as the command line
  form.addEventListener("change", async event => {
    const lever = event.target.closest(".lever");
    if (!lever) { return; }
    const got = leverValue(event.target);
    lever.classList.toggle("changed", got !== undefined);
    const el = lever.querySelector("[data-error-for]");
    if (got === undefined) { el.textContent = ""; return; }
    if (got.error) { el.textContent = got.error; return; }
    const {data} = await postJSON("/api/check", {trade: form.dataset.trade, name: "check",
                                                 changes: {[lever.dataset.key]: got.value}});
    const error = (data.fields || {})[lever.dataset.key];
    const idle = (data.inactive || {})[lever.dataset.key];
    el.textContent = error || idle || "";
    el.classList.toggle("inactive", !error && Boolean(idle));
    const control = (data.controls || {})[lever.dataset.key];
    if (!error && control && $(`lever-${control}`)) { el.appendChild(controlButton(control)); }
  });
  $("run").addEventListener("click", async () => {
    const {body, errors} = collectProposal(form);
    $("form-error").textContent = "";
    if (Object.keys(errors).length) { showErrors(errors); return; }
    const {status, data} = await postJSON("/api/comparisons", body);
    if (status >= 400) {
      showErrors(data.fields);
      $("form-error").textContent = data.error || String(status);
      return;
    }
    showErrors({});
    $("run").disabled = true;
    await follow(data.id, () => { window.location.href = data.url; });
    $("run").disabled = false;
  });
}

function setUpOffer(box) {
  $("save-offer").addEventListener("click", async () => {
    const {status, data} = await postJSON("/api/offers", {comparison: box.dataset.key, side: $("side").value});
    $("status").textContent = status === 201 ? `#${data.number}: ${data.file}` : (data.error || String(status));
  });
}

function setUpExport(button) {
  button.addEventListener("click", async () => {
    button.disabled = true;
    const {status, data} = await postJSON("/api/export", {});
    button.disabled = false;
    if (status === 201) {
      $("status").innerHTML = "";
      const link = document.createElement("a");
      link.href = data.zip;
      link.textContent = data.zip;
      $("status").appendChild(link);
    } else {
      $("status").textContent = data.error || String(status);
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  if ($("editor")) { setUpEditor($("editor")); }
  if ($("offer-form")) { setUpOffer($("offer-form")); }
  if ($("export")) { setUpExport($("export")); }
  if ($("waiting")) {
    const key = $("waiting").dataset.key;
    follow(key, () => { window.location.reload(); });
  }
});
