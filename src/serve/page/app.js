// formpack serve: the page's script. No framework, no build step; every text a person reads
// is Korean. The server does all the work; this only sends the files and shows the answers.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { files: [], checked: null, sort: { key: "severity", dir: 1 } };

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

function form(extra) {
  const data = new FormData();
  for (const f of state.files) data.append("file", f, f.name);
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

function choose(files) {
  state.files = Array.from(files);
  $("chosen").textContent = state.files.length
    ? "고른 파일: " + state.files.map((f) => f.name).join(", ")
    : "고른 파일이 없습니다.";
  if (state.files.length) check();
}

async function check() {
  say("status", "점검하는 중…");
  resetBuild();
  const { status, body } = await post("/api/check", form());
  if (!body.check) {
    say("status", body.error || "점검하지 못했습니다", "bad");
    $("check-result").hidden = true;
    state.checked = null;
    $("build-final").disabled = true;
    $("build-draft").hidden = true;
    $("compare").disabled = true;
    $("build-note").textContent = "먼저 파일을 올려 점검하십시오.";
    return;
  }
  showCheck(body.check);
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
  $("build-final").disabled = !canBuild;
  $("build-draft").hidden = !(c.loaded && c.errors > 0);
  $("build-draft").disabled = !(c.loaded && c.errors > 0);
  $("build-note").textContent = canBuild
    ? "제출용 묶음을 만들 수 있습니다."
    : c.loaded
      ? "오류가 있어 제출용 묶음은 만들 수 없습니다. 검토용 초안은 만들 수 있지만 제출할 수 없습니다."
      : "파일을 읽을 수 있어야 서류를 만들 수 있습니다.";
  $("compare").disabled = !c.loaded;
}

const SEVERITY_ORDER = { error: 0, warning: 1 };

function renderFindings() {
  const c = state.checked;
  const { key, dir } = state.sort;
  const list = c.findings.slice();
  list.sort((a, b) => {
    const x = key === "severity" ? SEVERITY_ORDER[a.severity] : a[key] || "";
    const y = key === "severity" ? SEVERITY_ORDER[b.severity] : b[key] || "";
    return (x < y ? -1 : x > y ? 1 : 0) * dir;
  });
  const body = $("findings").tBodies[0];
  body.replaceChildren();
  for (const f of list) {
    body.append(
      el("tr", { class: f.severity },
        el("td", { class: "sev" }, f.severity_label),
        el("td", { class: "code" }, f.code),
        el("td", { class: "place", title: f.path || "" }, f.place),
        el("td", {}, f.message)),
    );
  }
  $("findings").hidden = list.length === 0;
  $("sort-hint").hidden = list.length === 0;
  $("no-findings").hidden = list.length !== 0;
  for (const th of $("findings").tHead.rows[0].cells) {
    const k = th.querySelector("button").dataset.key;
    if (k === key) th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
    else th.removeAttribute("aria-sort");
  }
}

// ---- 2. build ----

function resetBuild() {
  $("bundle").hidden = true;
  say("build-status", "");
  $("diff-result").hidden = true;
  say("diff-status", "");
}

async function build(draft) {
  say("build-status", draft ? "초안을 만드는 중…" : "서류를 만드는 중…");
  const { body } = await post("/api/build", form((d) => { if (draft) d.append("draft", "1"); }));
  if (!body.bundle) {
    say("build-status", body.error || "서류를 만들지 못했습니다", "bad");
    if (body.check) showCheck(body.check);
    return;
  }
  showBundle(body.id, body.bundle);
}

function fileUrl(id, path, inline) {
  return "/api/bundle/" + encodeURIComponent(id) + "/file/" + path.split("/").map(encodeURIComponent).join("/") + (inline ? "?inline=1" : "");
}

function showBundle(id, b) {
  $("bundle").hidden = false;
  $("draft-warning").hidden = !b.draft;
  const docs = b.documents;
  say("build-status",
    (b.draft ? "[초안] " : "") + "서류 " + docs.length + "건, 파일 " + b.files + "개를 만들었습니다" +
    (b.reused ? " (그중 " + b.reused + "개는 직전 묶음에서 그대로 가져옴)" : "") + ".",
    b.draft ? "bad" : "good");
  const zip = $("zip-link");
  zip.href = "/api/bundle/" + encodeURIComponent(id);
  zip.setAttribute("download", b.zip_name);
  const merged = $("merged-link");
  merged.hidden = !b.merged;
  if (b.merged) merged.href = fileUrl(id, b.merged.path, false);

  const body = $("documents").tBodies[0];
  body.replaceChildren();
  for (const d of docs) {
    const links = el("td", {});
    for (const f of d.files) {
      links.append(el("a", { href: fileUrl(id, f.path, false), download: f.path }, f.label), " ");
    }
    const pdf = d.files.find((f) => f.label === "PDF");
    if (pdf) {
      const b2 = el("button", { type: "button", class: "preview" }, "미리보기");
      b2.addEventListener("click", () => preview(id, pdf.path, d));
      links.append(b2);
    }
    body.append(el("tr", {},
      el("td", { class: "num" }, String(d.number).padStart(2, "0")),
      el("td", {}, d.title),
      el("td", {}, d.member || "—"),
      el("td", { class: "fp" }, d.fingerprint),
      el("td", {}, d.signers.length ? d.signers.join(", ") : "—"),
      el("td", { class: "num" }, d.pages === null ? "—"
        : d.files.every((f) => f.label === "PPTX") ? "슬라이드 " + d.pages + "장" : d.pages + "쪽"),
      links));
  }
  $("doc-count").textContent = "(" + docs.length + "건" + (b.merged && b.merged.pages ? ", 통합 PDF " + b.merged.pages + "쪽" : "") + ")";
  const packets = $("packets");
  packets.replaceChildren();
  for (const p of b.packets) {
    packets.append(el("li", {}, el("a", { href: fileUrl(id, p.file.path, false), download: p.member + ".zip" }, p.name + " 서명 묶음"), " (" + Math.round(p.file.bytes / 1024) + " KB)"));
  }
}

function preview(id, path, d) {
  $("preview-box").hidden = false;
  $("preview-title").textContent = "미리보기: " + d.title + (d.member ? " — " + d.member : "");
  $("preview").src = fileUrl(id, path, true);
  $("preview-box").scrollIntoView({ behavior: "smooth", block: "start" });
}

// ---- 3. compare ----

const AMOUNT_KEYS = ["national", "local", "private_cash", "private_in_kind", "unit_price", "amount", "equity"];

function shown(path, v) {
  if (v === null || v === undefined) return "(없음)";
  const key = path.split(".").pop();
  if (AMOUNT_KEYS.includes(key) && /^-?\d+$/.test(v)) return Number(v).toLocaleString("ko-KR") + "원";
  return v;
}

async function compare() {
  const old = $("old").files;
  if (!old.length) {
    say("diff-status", "이전 판 파일을 고르십시오.", "bad");
    return;
  }
  say("diff-status", "비교하는 중…");
  const { body } = await post("/api/diff", form((d) => { for (const f of old) d.append("old", f, f.name); }));
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
  for (const f of r.fields) fields.append(el("tr", {}, el("td", { class: "code" }, f.path), el("td", {}, shown(f.path, f.old)), el("td", {}, shown(f.path, f.new))));
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
}

// ---- wiring ----

$("file").addEventListener("change", (e) => choose(e.target.files));
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
