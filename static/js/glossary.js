/* Glossary: definition popovers on auto-links, and search suggestions. Without JavaScript both degrade to plain links and a plain form. */
(function () {
    "use strict";

    var openTerm = null;

    function closeTerm(term) {
        if (!term) { return; }
        term.popover.hidden = true;
        term.button.setAttribute("aria-expanded", "false");
        if (openTerm === term) { openTerm = null; }
    }

    function openDefinition(term) {
        if (openTerm && openTerm !== term) { closeTerm(openTerm); }
        term.popover.hidden = false;
        term.button.setAttribute("aria-expanded", "true");
        openTerm = term;
    }

    function enhanceLink(link, index) {
        var termText = link.getAttribute("data-glossary-term") || link.textContent;
        var wrapper = document.createElement("span");
        wrapper.className = "glossary-term";
        link.parentNode.insertBefore(wrapper, link);
        wrapper.appendChild(link);

        var popoverId = "glossary-definition-" + index;
        var popover = document.createElement("span");
        popover.id = popoverId;
        popover.className = "glossary-term__popover";
        popover.hidden = true;
        var title = document.createElement("strong");
        title.textContent = termText;
        var definition = document.createElement("span");
        // textContent, never innerHTML: the definition is editor text.
        definition.textContent = " " + link.getAttribute("data-glossary-definition");
        popover.appendChild(title);
        popover.appendChild(definition);

        var button = document.createElement("button");
        button.type = "button";
        button.className = "glossary-term__toggle";
        button.setAttribute("aria-expanded", "false");
        button.setAttribute("aria-controls", popoverId);
        var icon = document.createElement("span");
        icon.setAttribute("aria-hidden", "true");
        icon.textContent = "?";
        var label = document.createElement("span");
        label.className = "visually-hidden";
        label.textContent = "Définition de «\u00a0" + termText + "\u00a0»";
        button.appendChild(icon);
        button.appendChild(label);

        wrapper.appendChild(button);
        wrapper.appendChild(popover);
        link.setAttribute("aria-describedby", popoverId);

        var term = { wrapper: wrapper, link: link, button: button, popover: popover, closeTimer: null };
        function show() { window.clearTimeout(term.closeTimer); openDefinition(term); }
        function hideSoon() {
            window.clearTimeout(term.closeTimer);
            term.closeTimer = window.setTimeout(function () {
                if (!wrapper.contains(document.activeElement)) { closeTerm(term); }
            }, 150);
        }
        // Hover is for mice only: a tap also fires pointer events, and the button's click must decide alone.
        wrapper.addEventListener("pointerenter", function (event) { if (event.pointerType === "mouse") { show(); } });
        wrapper.addEventListener("pointerleave", function (event) { if (event.pointerType === "mouse") { hideSoon(); } });
        link.addEventListener("focus", show);
        link.addEventListener("blur", hideSoon);
        button.addEventListener("blur", hideSoon);
        button.addEventListener("click", function () {
            if (term.popover.hidden) { show(); } else { closeTerm(term); }
        });
    }

    function enhanceSearch(form) {
        var input = form.querySelector("input[name=q]");
        var list = document.getElementById(input.getAttribute("list"));
        var url = form.getAttribute("data-suggestions-url");
        var timer = null;
        var lastQuery = "";
        input.addEventListener("input", function () {
            window.clearTimeout(timer);
            timer = window.setTimeout(function () {
                var query = input.value.trim();
                if (query.length < 2 || query === lastQuery) { return; }
                lastQuery = query;
                fetch(url + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
                    .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
                    .then(function (data) {
                        list.replaceChildren();
                        data.suggestions.forEach(function (suggestion) {
                            var option = document.createElement("option");
                            option.value = suggestion.term;
                            option.label = suggestion.definition;
                            list.appendChild(option);
                        });
                    })
                    .catch(function () { list.replaceChildren(); });
            }, 150);
        });
    }

    document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && openTerm) {
            var term = openTerm;
            var hadFocus = term.wrapper.contains(document.activeElement);
            closeTerm(term);
            if (hadFocus) { term.link.focus({ preventScroll: true }); closeTerm(term); }
        }
    });
    document.addEventListener("click", function (event) {
        if (openTerm && !openTerm.wrapper.contains(event.target)) { closeTerm(openTerm); }
    });

    document.querySelectorAll("a.glossary-link[data-glossary-definition]").forEach(function (link, index) {
        enhanceLink(link, index + 1);
    });
    document.querySelectorAll("form.glossary-search[data-suggestions-url]").forEach(enhanceSearch);
}());
