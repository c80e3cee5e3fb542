/* Nurse dashboard: local times, and the self-updating queue (polls /queue.json). No libraries. */
(function () {
  "use strict";

  function localTimes(root) {
    (root || document).querySelectorAll("time[datetime]").forEach(function (el) {
      var d = new Date(el.getAttribute("datetime"));
      if (!isNaN(d)) {
        el.textContent = d.toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
      }
    });
  }

  function startQueue(body) {
    var url = body.getAttribute("data-poll-url");
    var seconds = Math.max(parseFloat(body.getAttribute("data-poll-seconds")) || 3, 1);
    var loginUrl = body.getAttribute("data-login-url");
    var rows = document.getElementById("queue-rows");
    var banner = document.getElementById("emergency-banner");
    var announcer = document.getElementById("announcer");
    var status = document.getElementById("poll-status");
    var known = {};
    rows.querySelectorAll("tr[data-id]").forEach(function (tr) {
      known[tr.getAttribute("data-id")] = tr.getAttribute("data-severity");
    });
    var lastHtml = null;

    function setTitle(count, emergencies) {
      var prefix = emergencies ? "\uD83D\uDEA8 " + emergencies + " EMERGENCY \u00B7 " : "";
      document.title = prefix + "(" + count + ") Queue \u00B7 Recovery dashboard";
    }

    function announce(items) {
      var fresh = items.filter(function (it) { return !(String(it.id) in known); });
      var raised = items.filter(function (it) {
        return String(it.id) in known && known[String(it.id)] !== it.severity &&
          it.severity === "emergency";
      });
      var parts = fresh.map(function (it) {
        return "New " + it.severity + " escalation: " + it.who + ", " + it.reason + ".";
      }).concat(raised.map(function (it) {
        return "Escalation for " + it.who + " is now an emergency: " + it.reason + ".";
      }));
      known = {};
      items.forEach(function (it) { known[String(it.id)] = it.severity; });
      if (parts.length) {
        announcer.textContent = parts.join(" ");
      }
      return fresh.map(function (it) { return String(it.id); });
    }

    function apply(data) {
      var freshIds = announce(data.items || []);
      if (data.rows_html !== lastHtml) {
        rows.innerHTML = data.rows_html;
        lastHtml = data.rows_html;
        localTimes(rows);
        freshIds.forEach(function (id) {
          var tr = rows.querySelector('tr[data-id="' + id + '"]');
          if (tr) { tr.classList.add("arrived"); }
        });
      }
      document.getElementById("queue-count").textContent = data.count;
      banner.hidden = !data.emergencies;
      document.getElementById("emergency-count").textContent = data.emergencies;
      document.getElementById("emergency-text").textContent = data.emergencies === 1 ?
        "EMERGENCY escalation waiting" : "EMERGENCY escalations waiting";
      setTitle(data.count, data.emergencies);
      status.textContent = "Updated " + new Date().toLocaleTimeString() + ".";
    }

    function poll() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (resp) {
          if (resp.status === 401) {
            window.location.href = loginUrl + "?next=/";
            throw new Error("signed out");
          }
          if (!resp.ok) { throw new Error("HTTP " + resp.status); }
          return resp.json();
        })
        .then(function (data) { apply(data); schedule(); })
        .catch(function (err) {
          if (String(err.message) === "signed out") { return; }
          status.textContent = "Connection lost; retrying\u2026";
          schedule();
        });
    }

    function schedule() { window.setTimeout(poll, seconds * 1000); }
    schedule();
  }

  document.addEventListener("DOMContentLoaded", function () {
    localTimes(document);
    if (document.body.getAttribute("data-page") === "queue") {
      startQueue(document.body);
    }
  });
})();
