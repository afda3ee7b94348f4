// Contact form: fetch this visitor's signed token (the page itself may come from a shared cache),
// move focus to the error summary after a failed post, and ignore a second click while sending.
(function () {
    "use strict";

    function fetchToken(form) {
        var input = form.querySelector("input[name='token']");
        if (!input || input.value || form.dataset.tokenRequested) {
            return;
        }
        form.dataset.tokenRequested = "1";
        fetch(form.dataset.tokenUrl, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (data) {
                if (data && data.token && !input.value) {
                    input.value = data.token;
                }
            })
            .catch(function () {
                // Without a token the server asks for one confirming click: the form still works.
                delete form.dataset.tokenRequested;
            });
    }

    function init() {
        var forms = document.querySelectorAll("form[data-contact-form]");
        Array.prototype.forEach.call(forms, function (form) {
            // The fill time counts from the visitor's first interaction with the form.
            form.addEventListener("focusin", function () { fetchToken(form); });
            form.addEventListener("input", function () { fetchToken(form); });
            form.addEventListener("submit", function (event) {
                if (form.dataset.submitting) {
                    event.preventDefault();
                    return;
                }
                form.dataset.submitting = "1";
                var button = form.querySelector("button[type='submit']");
                if (button) {
                    button.setAttribute("aria-disabled", "true");
                }
            });
        });
        // Coming back with the Back button restores the page from memory: let the form be sent again.
        window.addEventListener("pageshow", function () {
            Array.prototype.forEach.call(forms, function (form) { delete form.dataset.submitting; });
        });
        var summary = document.querySelector("[data-contact-focus]");
        if (summary) {
            summary.focus();
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
