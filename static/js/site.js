/* 50A: progressive enhancements. Every page works without this file; it only adds conveniences. */
(function () {
    "use strict";

    /* The header menu is a plain list of links, visible without JavaScript. On narrow screens this turns it
       into a disclosure: a real button with aria-expanded, opened by click, touch, Enter or Space, closed by
       Escape (focus goes back to the button). */
    function enhanceMainMenu() {
        var header = document.querySelector("[data-site-header]");
        var nav = header && header.querySelector("[data-main-nav]");
        if (!nav) {
            return;
        }
        var button = document.createElement("button");
        button.type = "button";
        button.className = "menu-toggle";
        button.setAttribute("aria-expanded", "false");
        button.setAttribute("aria-controls", nav.id);
        button.innerHTML = '<span class="menu-toggle__bars" aria-hidden="true"></span>';
        button.appendChild(document.createTextNode(nav.getAttribute("data-toggle-label") || "Menu"));
        nav.parentNode.insertBefore(button, nav);
        header.classList.add("has-menu-toggle");

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
