// Patient web chat: connects with the signed link token (from the URL fragment, which is never
// sent to a server), shows the conversation so far, replies and proactive check-ins.
(function () {
  "use strict";

  var LINK_KEY = "mild-webchat-link";
  var RESUME_KEY = "mild-webchat-resume";
  var base = new URL(".", window.location.href).pathname;
  var log = document.getElementById("log");
  var statusEl = document.getElementById("status");
  var typing = document.getElementById("typing");
  var form = document.getElementById("composer");
  var input = document.getElementById("message");

  function readToken() {
    var match = window.location.hash.match(/[#&]t=([^&]+)/);
    if (match) {
      var token = decodeURIComponent(match[1]);
      try { sessionStorage.setItem(LINK_KEY, token); } catch (e) { /* private mode */ }
      // Keep the token out of the address bar (screenshots, copy-paste); this tab remembers it.
      history.replaceState(null, "", window.location.pathname + window.location.search);
      return token;
    }
    try { return sessionStorage.getItem(LINK_KEY); } catch (e) { return null; }
  }

  function setStatus(text, warn) {
    statusEl.textContent = text;
    statusEl.classList.toggle("warn", !!warn);
  }

  function isEmergency(text) {
    return /\b911\b|\b988\b/.test(text);
  }

  function add(who, text, opts) {
    opts = opts || {};
    var item = document.createElement("div");
    item.className = "msg " + who + (opts.history ? " history" : "");
    if (who === "assistant" && isEmergency(text)) { item.classList.add("emergency"); }
    var label = document.createElement("span");
    label.className = "who";
    label.textContent = who === "patient" ? "You said: " : "Assistant: ";
    item.appendChild(label);
    item.appendChild(document.createTextNode(text));  // never innerHTML
    if (opts.buttons && opts.buttons.length) {
      var box = document.createElement("div");
      opts.buttons.forEach(function (b) {
        var btn = document.createElement("button");
        btn.type = "button";
        btn.className = "quick";
        btn.textContent = b.title;
        btn.addEventListener("click", function () { send(b.payload || b.title, b.title); });
        box.appendChild(btn);
      });
      item.appendChild(box);
    }
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    return item;
  }

  if (typeof window.io !== "function") {
    setStatus("The chat could not load. Please call the clinic. In an emergency call 911.", true);
    return;
  }

  var auth = { token: readToken() };
  try { auth.resume = sessionStorage.getItem(RESUME_KEY); } catch (e) { auth.resume = null; }
  var socket = window.io({ path: base + "socket.io", auth: auth, transports: ["websocket", "polling"] });
  var historyShown = false;

  socket.on("connect", function () {
    socket.emit("session_request", {});
  });

  socket.on("session_confirm", function (info) {
    if (info.resume) {
      try { sessionStorage.setItem(RESUME_KEY, info.resume); } catch (e) { /* ignore */ }
    }
    if (info.identified) {
      setStatus("Connected. Your care team can see this conversation.");
    } else if (info.link === "expired") {
      setStatus("Your chat link has expired: ask the clinic for a new one. You can still ask " +
                "general questions here.", true);
    } else if (info.link === "invalid") {
      setStatus("This chat link is not valid. You can still ask general questions here.", true);
    } else {
      setStatus("Connected. You can ask general recovery questions.");
    }
    document.body.dataset.ready = "1";
  });

  socket.on("history", function (lines) {
    if (historyShown) { return; }  // a reconnect does not repeat the conversation
    historyShown = true;
    (lines || []).forEach(function (line) { add(line.who, line.text, { history: true }); });
  });

  socket.on("bot_uttered", function (msg) {
    if (msg && msg.text) { add("assistant", msg.text, { buttons: msg.buttons }); }
  });

  socket.on("user_echo", function (msg) { if (msg && msg.text) { add("patient", msg.text); } });

  socket.on("turn_done", function () { typing.hidden = true; });

  socket.on("disconnect", function () {
    setStatus("Connection lost, reconnecting… In an emergency call 911.", true);
  });

  socket.on("connect_error", function () {
    setStatus("Cannot reach the chat right now. In an emergency call 911.", true);
  });

  function send(text, shown) {
    text = (text || "").trim();
    if (!text) { return; }
    add("patient", shown || text);
    typing.hidden = false;
    socket.emit("user_uttered", { message: text });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send(input.value);
    input.value = "";
    input.focus();
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit"));
    }
  });
})();
