// formpack serve: the page's script. No framework, no build step; every text a person reads
// is Korean. The server does all the work; this only sends the files and shows the answers.
"use strict";

const $ = (id) => document.getElementById(id);
// `data` is the consortium file, `seals` the images beside it. `seq` numbers every request:
// an answer to anything but the latest is dropped, so a late build never lands under a newer
// file. `busy` holds the button of the request in flight.
const state = { data: null, seals: [], checked: null, sort: { key: "severity", dir: 1 }, seq: 0, busy: null };
const IMAGE = /\.(png|jpe?g)$/i;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (v !== null && v !== undefined) e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function say(id, text, kind) {
  const box = $(id);
  box.textContent = text;
  box.className = kind || "";
}

function files() {
  return (state.data ? [state.data] : []).concat(state.seals);
}

function form(extra) {
  const data = new FormData();
  for (const f of files()) data.append("file", f, f.name);
  if (extra) extra(data);
  return data;
}

async function post(url, data) {
  let res;
  try {
    res = await fetch(url, { method: "POST", body: data });
  } catch (e) {
    return { status: 0, body: { error: "서버에 연결할 수 없습니다. formpack serve가 켜져 있는지 확인하십시오." } };
  }
  let body;
  try {
    body = await res.json();
  } catch (e) {
    body = { error: "서버의 답을 읽을 수 없습니다 (상태 " + res.status + ")" };
  }
  return { status: res.status, body };
}

// ---- 1. upload and check ----

// A data file replaces the one before (chosen again under the same name, its new bytes are
// read); an image joins the seals, replacing one of the same name.
function choose(list) {
  for (const f of list) {
    if (IMAGE.test(f.name)) {
      state.seals = state.seals.filter((s) => s.name !== f.name).concat([f]);
    } else {
      state.data = f;
    }
  }
  showChosen();
  if (state.data) check();
}

function forget(f) {
  if (f === state.data) state.data = null;
  state.seals = state.seals.filter((s) => s !== f);
  showChosen();
  if (state.data) return check();
  state.seq += 1;
  hideCheck("고른 자료 파일이 없습니다.");
}

function showChosen() {
  const list = $("chosen-list");
  list.replaceChildren();
  for (const f of files()) {
    const kind = f === state.data ? "자료 파일" : "직인 이미지";
    const remove = el("button", { type: "button", class: "link", "aria-label": f.name + " 빼기" }, "빼기");
    remove.addEventListener("click", () => forget(f));
    list.append(el("li", {}, el("span", { class: "kind" }, kind), " ", f.name, " ", remove));
  }
  $("chosen").textContent = files().length
    ? (state.data ? "" : "자료 파일(.xlsx, .yaml, .json, .toml)도 고르십시오.")
    : "고른 파일이 없습니다.";
}

function hideCheck(message, kind) {
  say("status", message || "", kind);
  $("check-result").hidden = true;
  state.checked = null;
  resetBuild();
  setActions(false, false);
  $("build-note").textContent = "먼저 파일을 올려 점검하십시오.";
}

function setActions(canBuild, canDraft) {
  $("build-final").disabled = !canBuild || !!state.busy;
  $("build-draft").hidden = !canDraft;
  $("build-draft").disabled = !canDraft || !!state.busy;
  $("compare").disabled = !(state.checked && state.checked.loaded) || !!state.busy;
}

async function check() {
  const token = ++state.seq;
  say("status", "점검하는 중…");
  resetBuild();
  setActions(false, false);
  const { body } = await post("/api/check", form());
  if (token !== state.seq) return;
  if (!body.check) {
    hideCheck(body.error || "점검하지 못했습니다", "bad");
    return;
  }
  showCheck(body.check);
  remember({ check: body.check });
  $("status").scrollIntoView({ block: "nearest" });
}

function showCheck(c) {
  state.checked = c;
  $("check-result").hidden = false;
  const sum = $("summary");
  sum.replaceChildren();
  const rows = [["파일", c.file]];
  if (c.loaded) {
    rows.push(["사업", c.program], ["과제명", c.title || "(없음)"], ["판", "제" + c.revision + "판"], ["기관 수", c.members + "곳"]);
  }
  if (c.summary) {
    rows.push(
      ["총사업비", c.summary.total],
      ["국비", c.summary.national],
      ["지방비", c.summary.local],
      ["민간부담금", c.summary.private],
      ["지방비+민간", c.summary.matching],
    );
  }
  for (const [k, v] of rows) sum.append(el("dt", {}, k), el("dd", { "data-field": k }, v));

  const missing = $("missing");
  missing.replaceChildren();
  $("missing-box").hidden = c.missing.length === 0;
  $("missing-count").textContent = "(" + c.missing.length + "건)";
  for (const m of c.missing) missing.append(el("li", {}, el("strong", {}, m.place), " — ", m.message));

  $("finding-count").textContent = "(오류 " + c.errors + "건, 경고 " + c.warnings + "건)";
  showBanner(c);
  $("marked-box").hidden = !(c.loaded && c.format === "xlsx" && c.findings.some((f) => f.cell));
  renderFindings();

  if (!c.loaded) {
    say("status", "파일을 읽을 수 없습니다. 아래 내용을 고친 뒤 다시 올리십시오.", "bad");
  } else if (c.errors > 0) {
    say("status", "오류 " + c.errors + "건, 경고 " + c.warnings + "건: 오류를 고쳐야 제출용 서류를 만들 수 있습니다.", "bad");
  } else if (c.warnings > 0) {
    say("status", "오류 없음, 경고 " + c.warnings + "건: 서류를 만들 수 있습니다. 경고는 확인하십시오.", "good");
  } else {
    say("status", "문제 없음: 서류를 만들 수 있습니다.", "good");
  }
  const canBuild = c.loaded && c.errors === 0;
  setActions(canBuild, c.loaded && c.errors > 0);
  step(canBuild ? "build" : "upload");
  $("build-note").textContent = canBuild
    ? "제출용 묶음을 만들 수 있습니다."
    : c.loaded
      ? "오류가 있어 제출용 묶음은 만들 수 없습니다. 검토용 초안은 만들 수 있지만 제출할 수 없습니다."
      : "파일을 읽을 수 있어야 서류를 만들 수 있습니다.";
}

// The result at a glance: counts, then the call's ratios against the profile's thresholds.
function showBanner(c) {
  $("banner").hidden = !c.loaded;
  const counts = $("counts");
  counts.replaceChildren(
    el("li", { class: c.errors ? "chip bad" : "chip good" }, "오류 " + c.errors + "건"),
    el("li", { class: c.warnings ? "chip warn" : "chip good" }, "경고 " + c.warnings + "건"),
    el("li", { class: c.missing.length ? "chip warn" : "chip good" }, "미입력 " + c.missing.length + "건"));
  const ratios = $("ratios");
  ratios.replaceChildren();
  for (const r of (c.summary && c.summary.ratios) || []) {
    ratios.append(el("li", { class: r.met ? "chip good" : "chip bad" },
      (r.met ? "✔ " : "✘ ") + r.label + " " + r.value + " (기준 " + r.rule + ", " + (r.met ? "충족" : "미충족") + ")"));
  }
}

async function showCall() {
  try {
    const res = await fetch("/api/program");
    const p = await res.json();
    $("call").textContent = "「" + p.name + "」 · 신청 마감 " + p.deadline;
  } catch (e) { /* the page works without it */ }
}

const SEVERITY_ORDER = { error: 0, warning: 1 };

// Where a finding is, in the workbook's order: sheet, row, column (A2 before A11).
function byPlace(a, b) {
  for (let i = 0; i < 3; i++) {
    const d = (a.order ? a.order[i] : 0) - (b.order ? b.order[i] : 0);
    if (d) return d;
  }
  return 0;
}

// The findings a sheet, in the workbook's sheet order (Finding.order[0]); a text file is one
// group without a heading. Within a group the rows sort by the chosen column.
function findingGroups(list, workbook) {
  const groups = [];
  for (const f of list) {
    const name = workbook ? f.sheet || "파일 전체" : null;
    let g = groups.find((x) => x.name === name);
    if (!g) groups.push(g = { name, order: f.order ? f.order[0] : 0, rows: [] });
    g.rows.push(f);
  }
  return groups.sort((a, b) => a.order - b.order);
}

function compareFindings(a, b) {
  const { key, dir } = state.sort;
  let d;
  if (key === "severity") d = SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || byPlace(a, b);
  else if (key === "place") d = byPlace(a, b);
  else if (key === "member") d = (a.member_name || "").localeCompare(b.member_name || "", "ko") || byPlace(a, b);
  else d = (a[key] || "").localeCompare(b[key] || "", "ko") || byPlace(a, b);
  return d * dir;
}

function renderFindings() {
  const c = state.checked;
  const table = $("findings");
  for (const t of Array.from(table.tBodies)) t.remove();
  for (const g of findingGroups(c.findings, c.format === "xlsx")) {
    const body = document.createElement("tbody");
    if (g.name !== null) {
      body.append(el("tr", { class: "group" },
        el("th", { colspan: "4", scope: "rowgroup" }, g.name + " — " + g.rows.length + "건")));
    }
    for (const f of g.rows.sort(compareFindings)) body.append(findingRow(f));
    table.append(body);
  }
  const none = c.findings.length === 0;
  $("sort-hint").textContent = (c.format === "xlsx"
    ? "시트별로, 엑셀의 시트 순서대로 모았습니다. 머리글을 누르면 시트 안에서 그 열로 정렬합니다."
    : "머리글을 누르면 그 열로 정렬합니다.") + " 규칙 코드와 자세한 설명은 ‘자세히’를 누르면 보입니다.";
  table.hidden = none;
  $("sort-hint").hidden = none;
  $("no-findings").hidden = !none;
  for (const th of table.tHead.rows[0].cells) {
    const k = th.querySelector("button").dataset.key;
    if (k === state.sort.key) th.setAttribute("aria-sort", state.sort.dir > 0 ? "ascending" : "descending");
    else th.removeAttribute("aria-sort");
  }
}

// One finding: where (the cell to paste into Excel's name box, and its row), the 기관, the
// message; its rule code and the reader's own words under 자세히.
function findingRow(f) {
  const row = f.cell && f.order && f.order[1] ? el("span", { class: "row-no" }, f.order[1] + "행") : null;
  const more = el("details", { class: "more" }, el("summary", {}, "자세히"),
    el("p", {}, "규칙 코드: ", el("code", { class: "code" }, f.code)),
    f.detail ? el("p", { class: "detail" }, "읽기 프로그램의 설명: ", f.detail) : null);
  return el("tr", { class: "sev-" + f.severity },
    el("td", { class: "sev" }, f.severity_label),
    el("td", { class: "place", title: f.path || "" }, el("span", { class: "ref" }, f.place), copyButton(f.place), row ? " " : null, row),
    el("td", { class: "member" }, f.member_name || "—"),
    el("td", { class: "message" }, el("span", { class: "msg" }, f.message), more));
}

// The workbook back with the problem cells filled and noted, saved under its own name.
async function downloadMarked() {
  if (state.busy || !state.data) return;
  const token = ++state.seq;
  startBusy($("marked"), "표시하는 중…");
  let res;
  try {
    res = await fetch("/api/marked", { method: "POST", body: form() });
  } catch (e) {
    res = null;
  }
  endBusy();
  if (token !== state.seq) return;
  if (!res || !res.ok) {
    say("status", "표시된 엑셀을 만들지 못했습니다. 다시 시도하십시오.", "bad");
    return;
  }
  const blob = await res.blob();
  const a = el("a", { href: URL.createObjectURL(blob), download: state.data.name.replace(/\.xlsx$/i, "") + "_표시.xlsx" });
  document.body.append(a);
  a.click();
  a.remove();
}

// A button that copies a place (`사업비!F12`) to paste into Excel's Name Box; no text of its
// own (a CSS glyph), so the cell reads as the place.
function copyButton(place) {
  if (!/!/.test(place) || !navigator.clipboard) return null;
  const b = el("button", { type: "button", class: "copy", "aria-label": place + " 복사", title: "복사" });
  b.addEventListener("click", () => navigator.clipboard.writeText(place).then(() => say("status", place + "을(를) 복사했습니다: 엑셀의 이름 상자에 붙여 넣으면 그 칸으로 갑니다.", "good")).catch(() => {}));
  return b;
}

// The step staff are at: upload until a check passes, then build, then compare.
function step(name) {
  for (const li of document.querySelectorAll("#stepper li")) {
    if (li.dataset.step === name) li.setAttribute("aria-current", "step");
    else li.removeAttribute("aria-current");
  }
}

// ---- 2. build ----

function resetBuild() {
  $("bundle").hidden = true;
  say("build-status", "");
  $("diff-result").hidden = true;
  say("diff-status", "");
}

// The button of the request in flight shows it is working and for how long; while it works
// no other request can start from the page's buttons (a double-click builds once).
function startBusy(button, label) {
  const started = Date.now();
  const text = button.textContent;
  state.busy = { button, text, timer: null };
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  const tick = () => {
    const s = Math.floor((Date.now() - started) / 1000);
    button.replaceChildren(el("span", { class: "spinner", "aria-hidden": "true" }), " " + label + " " + s + "초");
  };
  tick();
  state.busy.timer = setInterval(tick, 1000);
}

function endBusy() {
  const b = state.busy;
  if (!b) return;
  clearInterval(b.timer);
  b.button.textContent = b.text;
  b.button.removeAttribute("aria-busy");
  state.busy = null;
  if (state.checked) showCheck(state.checked);
}

async function build(draft) {
  if (state.busy || !state.data) return;
  const token = ++state.seq;
  startBusy($(draft ? "build-draft" : "build-final"), draft ? "초안을 만드는 중…" : "만드는 중…");
  say("build-status", draft ? "초안을 만드는 중…" : "서류를 만드는 중…");
  const started = Date.now();
  const { body } = await post("/api/build", form((d) => { if (draft) d.append("draft", "1"); }));
  endBusy();
  if (token !== state.seq) return;
  if (!body.bundle) {
    say("build-status", body.error || "서류를 만들지 못했습니다", "bad");
    if (body.check) showCheck(body.check);
    return;
  }
  const made = { file: state.data ? state.data.name : "", seconds: (Date.now() - started) / 1000 };
  const until = body.kept_seconds ? Date.now() + body.kept_seconds * 1000 : null;
  showBundle(body.id, body.bundle, made, until);
  remember({ check: state.checked, bundle: { id: body.id, view: body.bundle, made, until } });
  $("build-status").scrollIntoView({ block: "start" });
}

function fileUrl(id, path, inline) {
  return "/api/bundle/" + encodeURIComponent(id) + "/file/" + path.split("/").map(encodeURIComponent).join("/") + (inline ? "?inline=1" : "");
}

// `until`: when the server drops the bundle (ms since the epoch), shown as a clock time.
function showBundle(id, b, made, until) {
  state.bundle = { id, view: b, source: state.data ? state.data.name : null };
  if (!b.draft) step("diff");
  $("bundle").hidden = false;
  $("draft-warning").hidden = !b.draft;
  const docs = b.documents;
  say("build-status",
    (b.draft ? "[초안] " : "") + "서류 " + docs.length + "건, 파일 " + b.files + "개를 만들었습니다" +
    (b.reused ? " (그중 " + b.reused + "개는 직전 묶음에서 그대로 가져옴)" : "") + ".",
    b.draft ? "bad" : "good");
  showCard(b, made);
  const kept = $("kept-until");
  kept.hidden = !until;
  if (until) {
    const t = new Date(until);
    kept.textContent = "이 묶음은 " + t.getHours() + "시 " + String(t.getMinutes()).padStart(2, "0") + "분까지 받을 수 있습니다. 그 뒤에는 다시 만드십시오.";
  }
  const zip = $("zip-link");
  zip.href = "/api/bundle/" + encodeURIComponent(id);
  zip.setAttribute("download", b.zip_name);
  const merged = $("merged-link");
  merged.hidden = !b.merged;
  if (b.merged) {
    merged.href = fileUrl(id, b.merged.path, false);
    merged.setAttribute("download", b.merged.download || b.merged.path);
    merged.textContent = b.draft ? "통합 PDF 받기 (초안)" : "통합 PDF 받기";
  }

  const table = $("documents");
  for (const t of Array.from(table.tBodies)) t.remove();
  // 공통 서류 first, then one group a 기관, in the order the documents name them.
  const groups = [{ name: null, docs: docs.filter((d) => !d.member) }];
  for (const d of docs.filter((d) => d.member)) {
    let g = groups.find((x) => x.name === d.member);
    if (!g) groups.push(g = { name: d.member, docs: [] });
    g.docs.push(d);
  }
  const open = groups.length <= 11;
  for (const g of groups) {
    const body = document.createElement("tbody");
    const packet = g.name && b.packets.find((p) => p.name === g.name);
    body.append(groupRow(id, g, packet, open));
    for (const d of g.docs) body.append(docRow(id, d, open));
    table.append(body);
  }
  $("doc-count").textContent = "(" + docs.length + "건" + (b.merged && b.merged.pages ? ", 통합 PDF " + b.merged.pages + "쪽" : "") + ")";
  const all = $("all-packets");
  all.href = "/api/bundle/" + encodeURIComponent(id) + "/packets";
  all.setAttribute("download", (b.draft ? "초안_" : "") + "서명묶음_전체_제" + b.revision + "판.zip");
  all.hidden = b.packets.length === 0;
  const packets = $("packets");
  packets.replaceChildren();
  $("packets-note").textContent = b.draft
    ? "초안의 서명 묶음입니다. 기관에 보내 서명받지 마십시오: 오류를 고친 뒤 제출용 묶음을 만들어 보내십시오."
    : "각 기관에는 그 기관의 서명 묶음만 보내십시오. 다른 기관의 개인정보가 들어 있지 않습니다.";
  $("packets-note").className = b.draft ? "warning" : "muted";
  for (const p of b.packets) {
    const name = p.file.download || p.member + ".zip";
    const mail = p.mailto ? el("a", { href: p.mailto, class: "mail" }, "담당자" + (p.contact ? " " + p.contact : "") + "에게 메일 쓰기") : null;
    packets.append(el("li", {}, el("a", { href: fileUrl(id, p.file.path, false), download: name }, p.name + " 서명 묶음"), " (" + Math.round(p.file.bytes / 1024) + " KB) ", mail));
  }
}

// The build at a glance, at the top of the bundle: 판, documents, pages, time, source file.
// `made`: { file, seconds } as measured by the page (a string from an older page: the file).
function showCard(b, made) {
  const m = typeof made === "string" ? { file: made } : made || {};
  const rows = [
    ["판", "제" + b.revision + "판" + (b.draft ? " (초안)" : "")],
    ["서류", b.documents.length + "건"],
    ["쪽수", b.pages ? "PDF 모두 " + b.pages.toLocaleString("ko-KR") + "쪽" : "—"],
    ["걸린 시간", typeof m.seconds === "number" ? m.seconds.toFixed(1) + "초" : "—"],
    ["자료 파일", m.file || "—"],
  ];
  $("build-card").className = b.draft ? "card draft" : "card";
  $("build-summary").replaceChildren(...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", { "data-field": k }, v)]));
}

// A bundle is kept 30 minutes: a link to one that is gone says so instead of saving an error.
async function stillThere(url) {
  try {
    const res = await fetch(url, { method: "HEAD" });
    return res.ok;
  } catch (e) {
    return false;
  }
}

function gone() {
  say("build-status", "이 묶음은 시간이 지나 지워졌습니다(30분). 파일을 다시 고르고 ‘다시 만들기’를 누르십시오.", "bad");
  $("bundle").hidden = true;
  $("build-final").textContent = "다시 만들기";
  forgetBundle();
}

// A group's heading row: its name and count as a button that folds its rows, and for a 기관
// its packet and a mail to its 담당자.
function groupRow(id, g, packet, open) {
  const label = (g.name || "공통 서류") + " — 서류 " + g.docs.length + "건";
  const toggle = el("button", { type: "button", class: "group-toggle", "aria-expanded": String(open) }, label);
  toggle.addEventListener("click", () => {
    const now = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(now));
    const body = toggle.closest("tbody");
    for (const r of body.querySelectorAll("tr.doc")) r.hidden = !now;
    if (!now && body.querySelector("#preview-box")) closePreview();
  });
  const th = el("th", { colspan: "7", scope: "rowgroup" }, toggle);
  if (packet) {
    th.append(" ", el("a", { href: fileUrl(id, packet.file.path, false), download: packet.file.download || packet.member + ".zip" }, "서명 묶음"));
    if (packet.mailto) th.append(" ", el("a", { href: packet.mailto }, "담당자에게 메일"));
  }
  return el("tr", { class: "group" }, th);
}

function docRow(id, d, open) {
  const links = el("td", {});
  for (const f of d.files) {
    links.append(el("a", { href: fileUrl(id, f.path, false), download: f.download || f.path }, f.label), " ");
  }
  const pdf = d.files.find((f) => f.label === "PDF");
  if (pdf) {
    const b2 = el("button", { type: "button", class: "preview" }, "미리보기");
    b2.addEventListener("click", () => preview(id, pdf.path, d, b2));
    links.append(b2);
  }
  const row = el("tr", { class: "doc" },
    el("td", { class: "num" }, String(d.number).padStart(2, "0")),
    el("td", {}, d.title),
    el("td", {}, d.member || "—"),
    el("td", { class: "fp" }, d.fingerprint),
    el("td", {}, d.signers.length ? d.signers.join(", ") : "—"),
    el("td", { class: "num" }, d.pages === null ? "—"
      : d.files.every((f) => f.label === "PPTX") ? "슬라이드 " + d.pages + "장" : d.pages + "쪽"),
    links);
  row.hidden = !open;
  return row;
}

// A PDF shown right under its own row (one at a time), with a button that closes it and
// gives the focus back to the row's 미리보기.
async function preview(id, path, d, button) {
  const url = fileUrl(id, path, true);
  if (!(await stillThere(url))) return gone();
  closePreview();
  const title = "미리보기: " + d.title + (d.member ? " — " + d.member : "");
  const close = el("button", { type: "button", class: "secondary", id: "preview-close" }, "미리보기 닫기");
  const box = el("tr", { id: "preview-box", class: "preview-row" },
    el("td", { colspan: "7" }, el("div", { class: "preview-inner" },
      el("p", { class: "preview-head" }, el("strong", { id: "preview-title" }, title), " ", close),
      el("iframe", { id: "preview", title, src: url }))));
  close.addEventListener("click", () => { closePreview(); button.focus(); });
  const row = button.closest("tr");
  row.after(box);
  row.scrollIntoView({ block: "start" });
}

function closePreview() {
  const box = $("preview-box");
  if (box) box.remove();
}

// ---- kept across a reload: the last check and bundle (files themselves cannot be) ----

function remember(v) {
  try {
    const old = JSON.parse(sessionStorage.getItem("formpack") || "{}");
    sessionStorage.setItem("formpack", JSON.stringify(Object.assign(old, v)));
  } catch (e) { /* storage full or off: nothing kept */ }
}

function forgetBundle() {
  remember({ bundle: null });
}

async function restore() {
  let saved;
  try {
    saved = JSON.parse(sessionStorage.getItem("formpack") || "null");
  } catch (e) {
    saved = null;
  }
  if (!saved || !saved.check) return;
  showCheck(saved.check);
  setActions(false, false);
  say("status", "직전에 점검한 결과입니다 (" + saved.check.file + "). 다시 점검하거나 만들려면 파일을 다시 고르십시오.");
  const b = saved.bundle;
  if (!b) return;
  if (!(await stillThere("/api/bundle/" + encodeURIComponent(b.id)))) return gone();
  showBundle(b.id, b.view, b.made, b.until);
}

// ---- 3. compare ----

async function compare() {
  const old = $("old").files;
  if (!old.length) {
    say("diff-status", "이전 판 파일을 고르십시오.", "bad");
    return;
  }
  if (state.busy) return;
  const token = ++state.seq;
  say("diff-status", "비교하는 중…");
  startBusy($("compare"), "비교하는 중…");
  const { body } = await post("/api/diff", form((d) => { for (const f of old) d.append("old", f, f.name); }));
  endBusy();
  if (token !== state.seq) return;
  if (!body.diff) {
    let msg = body.error || "비교하지 못했습니다";
    if (body.findings && body.findings.length) msg += ": " + body.findings.map((f) => f.place + " " + f.message).join("; ");
    say("diff-status", msg, "bad");
    $("diff-result").hidden = true;
    return;
  }
  const r = body.diff.report;
  const names = Object.fromEntries(body.diff.names);
  $("diff-result").hidden = false;
  say("diff-status", r.fields.length || r.documents.length
    ? "바뀐 항목 " + r.fields.length + "건, 바뀐 서류 " + r.documents.length + "건, 다시 서명할 기관 " + r.resign.length + "곳"
    : "달라진 내용이 없습니다.", "good");
  const fields = $("fields").tBodies[0];
  fields.replaceChildren();
  // One change a field, as the server words it (amounts in 원, the workbook's names).
  for (const c of body.diff.changes) {
    fields.append(el("tr", {}, el("td", {}, c.label), el("td", {}, c.old), el("td", {}, c.new), el("td", { class: "place" }, c.place || "—")));
  }
  $("field-count").textContent = "(" + r.fields.length + "건)";
  const changed = $("changed").tBodies[0];
  changed.replaceChildren();
  for (const d of r.documents) {
    const fp = d.old && d.new ? d.old + " → " + d.new : d.new ? "새 서류 " + d.new : "없어짐 (이전 " + d.old + ")";
    changed.append(el("tr", {}, el("td", {}, d.document), el("td", {}, d.member ? names[d.member] || d.member : "—"), el("td", { class: "fp" }, fp)));
  }
  $("changed-count").textContent = "(" + r.documents.length + "건)";
  const resign = $("resign");
  resign.replaceChildren();
  for (const m of r.resign) resign.append(el("li", {}, el("strong", {}, names[m.member] || m.member), ": " + m.documents.join(", ")));
  $("resign-count").textContent = "(" + r.resign.length + "곳)";
  showResignPackets(r.resign);
}

// The packets of only the members who sign again, from the bundle built of the new file.
function showResignPackets(resign) {
  const box = $("resign-packets");
  const b = state.bundle;
  const list = $("resign-packet-list");
  list.replaceChildren();
  const wanted = new Set(resign.map((m) => m.member));
  // Only a final bundle of the file compared as the new revision: never a draft's packets.
  const usable = b && !b.view.draft && state.data && b.source === state.data.name;
  const packets = usable ? b.view.packets.filter((p) => wanted.has(p.member)) : [];
  box.hidden = packets.length === 0;
  $("resign-packets-title").textContent = "다시 서명할 기관 " + packets.length + "곳의 묶음만 받기";
  for (const p of packets) {
    list.append(el("li", {}, el("a", { href: fileUrl(b.id, p.file.path, false), download: p.file.download || p.member + ".zip" }, p.name + " 서명 묶음")));
  }
}

// ---- wiring ----

$("file").addEventListener("change", (e) => {
  const list = Array.from(e.target.files);
  // Cleared, so choosing the same file again (fixed in Excel, same name) is a change.
  e.target.value = "";
  choose(list);
});
const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  if (e.dataTransfer && e.dataTransfer.files.length) choose(e.dataTransfer.files);
});
for (const b of $("findings").tHead.querySelectorAll("button")) {
  b.addEventListener("click", () => {
    const k = b.dataset.key;
    state.sort = { key: k, dir: state.sort.key === k ? -state.sort.dir : 1 };
    renderFindings();
  });
}
$("build-final").addEventListener("click", () => build(false));
$("build-draft").addEventListener("click", () => build(true));
$("compare").addEventListener("click", compare);
$("marked").addEventListener("click", downloadMarked);
for (const id of ["zip-link", "merged-link", "all-packets"]) {
  $(id).addEventListener("click", async (e) => {
    const a = e.currentTarget;
    if (a.dataset.checked === "1") { delete a.dataset.checked; return; }
    e.preventDefault();
    if (!(await stillThere(a.href))) return gone();
    a.dataset.checked = "1";
    a.click();
  });
}
showCall();
restore();
