/* 50A: progressive enhancements. Every page works without this file; it only adds conveniences. */
(function () {
    "use strict";

    /* The header menu is a plain list of links, visible without JavaScript. On narrow screens, when scripting
       is on, site.css shows the server-rendered button and folds the list from the first paint (no layout
       shift); this wires the button: opened by click, touch, Enter or Space, closed by Escape with focus
       going back to the button. */
    function enhanceMainMenu() {
        var button = document.querySelector("[data-menu-toggle]");
        var nav = button && document.getElementById(button.getAttribute("aria-controls"));
        if (!nav) {
            return;
        }

        function setOpen(open) {
            button.setAttribute("aria-expanded", open ? "true" : "false");
            nav.classList.toggle("is-open", open);
        }

        button.addEventListener("click", function () {
            setOpen(button.getAttribute("aria-expanded") !== "true");
        });
        document.addEventListener("keydown", function (event) {
            if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
                setOpen(false);
                button.focus();
            }
        });
    }

    enhanceMainMenu();
})();
