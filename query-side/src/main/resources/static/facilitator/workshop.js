// The facilitator's live progress page. It asks for the bearer token once (kept in this tab's
// sessionStorage), then reads the workshop's progress stream. EventSource cannot send an Authorization
// header, so the stream is read with fetch() and its Server-Sent Events are parsed here.
"use strict";

const TOKEN_KEY = "workshop-state.bearer-token";
const MAX_RETRY_MS = 10000;
const workshopId = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop());
const streamUrl = `/api/workshops/${encodeURIComponent(workshopId)}/progress/stream`;

const view = {
    title: document.getElementById("title"),
    meta: document.getElementById("meta"),
    connection: document.getElementById("connection"),
    signIn: document.getElementById("sign-in"),
    signOut: document.getElementById("sign-out"),
    token: document.getElementById("token"),
    message: document.getElementById("message"),
    progress: document.getElementById("progress"),
    participants: document.getElementById("participants"),
    participantCount: document.getElementById("participant-count"),
    answeredTotal: document.getElementById("answered-total"),
    updatedAt: document.getElementById("updated-at"),
    empty: document.getElementById("empty"),
};

let stream = null;
let retryMs = 1000;
let latest = null;

function showConnection(state, text) {
    view.connection.dataset.state = state;
    view.connection.textContent = text;
}

function showMessage(text) {
    view.message.textContent = text;
    view.message.hidden = !text;
}

function askForToken(reason) {
    stopStream();
    sessionStorage.removeItem(TOKEN_KEY);
    showMessage(reason || "");
    view.progress.hidden = true;
    view.signOut.hidden = true;
    view.signIn.hidden = false;
    showConnection("idle", "Not connected");
    view.token.focus();
}

function stopStream() {
    if (stream) {
        stream.abort();
        stream = null;
    }
}

async function connect() {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) {
        askForToken();
        return;
    }
    stopStream();
    const controller = new AbortController();
    stream = controller;
    view.signIn.hidden = true;
    view.signOut.hidden = false;
    showConnection("reconnecting", "Connecting…");
    let response;
    try {
        response = await fetch(streamUrl, {
            headers: {Authorization: `Bearer ${token}`, Accept: "text/event-stream"},
            cache: "no-store",
            signal: controller.signal,
        });
    } catch (failure) {
        if (!controller.signal.aborted) {
            retryLater();
        }
        return;
    }
    if (response.status === 401) {
        askForToken("The token was not accepted (expired or not valid). Please enter a new one.");
        return;
    }
    if (response.status === 403 || response.status === 404) {
        stopStream();
        showConnection("idle", "Not connected");
        showMessage(response.status === 403
            ? "This workshop is not one of yours, or the token is not a facilitator's."
            : "There is no such workshop.");
        view.signIn.hidden = false;
        return;
    }
    if (!response.ok) {
        retryLater();
        return;
    }
    showMessage("");
    showConnection("live", "Live");
    retryMs = 1000;
    try {
        await readEvents(response.body, (name, data) => {
            if (name === "progress") {
                render(JSON.parse(data));
            }
        });
    } catch (failure) {
        // A dropped connection ends the read; the retry below opens a new one.
    }
    if (!controller.signal.aborted) {
        retryLater();
    }
}

function retryLater() {
    showConnection("reconnecting", "Reconnecting…");
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
}

/** Parses a text/event-stream body: events are separated by a blank line, fields are "name: value" lines. */
async function readEvents(body, onEvent) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
        const {value, done} = await reader.read();
        if (done) {
            return;
        }
        buffer += value.replace(/\r\n?/g, "\n");
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let name = "message";
            const data = [];
            for (const line of block.split("\n")) {
                if (line.startsWith(":")) {
                    continue;
                }
                const colon = line.indexOf(":");
                const field = colon < 0 ? line : line.slice(0, colon);
                const fieldValue = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
                if (field === "event") {
                    name = fieldValue;
                } else if (field === "data") {
                    data.push(fieldValue);
                }
            }
            if (data.length > 0) {
                onEvent(name, data.join("\n"));
            }
        }
    }
}

function render(progress) {
    const previous = new Map((latest ? latest.sessions : []).map(session => [session.sessionId, session]));
    latest = progress;
    const workshop = progress.workshop;
    document.title = `${workshop.title} · progress`;
    view.title.textContent = workshop.title;
    view.meta.textContent = `${workshop.stepCount} steps · ${workshop.status}`;
    view.progress.hidden = false;
    view.participantCount.textContent = String(progress.sessions.length);
    view.answeredTotal.textContent = String(progress.sessions.reduce((sum, s) => sum + s.answeredSteps, 0));
    view.updatedAt.textContent = new Date().toLocaleTimeString();
    view.empty.hidden = progress.sessions.length > 0;

    const rows = progress.sessions.map(session => {
        const row = document.createElement("tr");
        row.dataset.participant = session.participantId;
        const before = previous.get(session.sessionId);
        if (previous.size > 0 && (!before || before.updatedAt !== session.updatedAt)) {
            row.classList.add("changed");
        }
        row.append(
            cell(session.participantId, "participant"),
            cell(`${session.currentStep} of ${workshop.stepCount}`, "currentStep", session.currentStep),
            barCell(session, workshop.stepCount),
            cell(`${session.answeredSteps} of ${workshop.stepCount}`, "answeredSteps", session.answeredSteps),
            timeCell(session.updatedAt),
        );
        return row;
    });
    view.participants.replaceChildren(...rows);
}

function cell(text, field, value) {
    const td = document.createElement("td");
    td.textContent = text;
    td.dataset.field = field;
    if (value !== undefined) {
        td.dataset.value = String(value);
    }
    return td;
}

function barCell(session, stepCount) {
    const td = document.createElement("td");
    const steps = document.createElement("div");
    steps.className = "steps";
    steps.setAttribute("role", "img");
    steps.setAttribute("aria-label",
        `${session.answeredSteps} of ${stepCount} steps answered, now at step ${session.currentStep}`);
    for (let step = 1; step <= stepCount; step++) {
        const segment = document.createElement("span");
        if (step <= session.answeredSteps) {
            segment.classList.add("answered");
        }
        if (step === session.currentStep) {
            segment.classList.add("current");
        }
        steps.append(segment);
    }
    td.append(steps);
    return td;
}

function timeCell(instant) {
    const td = cell(ago(instant), "lastSave");
    td.dataset.instant = instant;
    td.title = new Date(instant).toLocaleString();
    return td;
}

function ago(instant) {
    const seconds = Math.max(0, Math.round((Date.now() - Date.parse(instant)) / 1000));
    if (seconds < 60) {
        return `${seconds} s ago`;
    }
    if (seconds < 3600) {
        return `${Math.floor(seconds / 60)} min ago`;
    }
    return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min ago`;
}

setInterval(() => {
    for (const td of view.participants.querySelectorAll("td[data-instant]")) {
        td.textContent = ago(td.dataset.instant);
    }
}, 1000);

view.signIn.addEventListener("submit", event => {
    event.preventDefault();
    const token = view.token.value.trim().replace(/^Bearer\s+/i, "");
    if (!token) {
        return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    view.token.value = "";
    connect();
});

view.signOut.addEventListener("click", () => askForToken("Signed out."));

connect();
