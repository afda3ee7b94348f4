// Glossary import status page (admin): follow the import's progress, then reload to show its report (or that it
// was interrupted).
// Without JavaScript the page's "Actualiser" link does the same by hand.
(function () {
    "use strict";

    var POLL_INTERVAL_MS = 1000;

    function follow(section) {
        var bar = section.querySelector("progress");
        var text = section.querySelector("[data-glossary-import-text]");
        var status = section.querySelector("[data-glossary-import-status]");

        function poll() {
            fetch(section.dataset.glossaryImportProgress, {
                credentials: "same-origin",
                cache: "no-store",
                headers: { Accept: "application/json" },
            })
                .then(function (response) { return response.ok ? response.json() : null; })
                .then(function (state) {
                    // Finished: the page shows the report. Interrupted: it offers to relaunch, and stops polling.
                    if (state && (state.finished || state.interrupted)) {
                        window.location.reload();
                        return;
                    }
                    if (state) {
                        bar.max = Math.max(state.total, 1);
                        bar.value = state.processed;
                        bar.textContent = state.text;
                        text.textContent = state.text;
                        if (status.textContent !== state.status_text) {
                            status.textContent = state.status_text;
                        }
                    }
                    window.setTimeout(poll, POLL_INTERVAL_MS);
                })
                .catch(function () {
                    // A dropped request or a restarting server: try again at the next tick.
                    window.setTimeout(poll, POLL_INTERVAL_MS);
                });
        }

        window.setTimeout(poll, POLL_INTERVAL_MS);
    }

    function init() {
        var section = document.querySelector("[data-glossary-import-progress]");
        if (section) {
            follow(section);
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
