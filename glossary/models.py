"""The glossary index, its entries and categories, the missed searches and the imports."""

from datetime import timedelta

from django.conf import settings
from django.db import connection, models
from django.db.models import Count, Exists, ExpressionWrapper, F, Max, OuterRef
from django.db.models.functions import Collate
from django.http import JsonResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from agency_site.autolinking.models import AutoLinkedPage
from agency_site.blocks import BodyStreamBlock, heading_anchor
from agency_site.models import BasePage
from agency_site.pagecache.entries import cached_for_content_version
from agency_site.seo import page_full_url
from agency_site.text import collation_key, normalise, sort_key

from . import listing
from .search import QUERY_MAX_LENGTH, search_entries, visitor_query
from .text import ALPHABET, DIGITS_LETTER, initial_letter


@register_snippet
class GlossaryCategory(models.Model):
    name = models.CharField(_("nom"), max_length=80, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        verbose_name = _("catégorie du glossaire")
        verbose_name_plural = _("catégories du glossaire")
        ordering = ["name"]

    def __str__(self):
        return self.name


class GlossaryIndexPage(RoutablePageMixin, BasePage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["agency_site.HomePage"]
    subpage_types = ["glossary.GlossaryEntryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("index du glossaire")
        verbose_name_plural = _("index du glossaire")

    def live_entries(self):
        return GlossaryEntryPage.objects.child_of(self).live().filter(public_page_q())

    def listed_entries(self, letter=None):
        """The entries in French collation order, with only the fields the listings show."""
        entries = self.live_entries().only(
            "title", "slug", "url_path", "path", "depth", "short_definition", "letter", "synonyms"
        )
        if letter is not None:
            entries = entries.filter(letter=letter)
        return in_french_order(entries)

    def letter_counts(self):
        """{letter: live entries filed under it}, one aggregated query read again only when the content changes."""
        return cached_for_content_version(
            f"glossary-letter-counts:{self.pk}",
            None,
            lambda: dict(self.live_entries().order_by().values_list("letter").annotate(entries=Count("pk"))),
        )

    def letter_bar(self, current=None):
        """The A–Z bar: every letter with its number of entries, a link only when it has some."""
        counts = self.letter_counts()
        return [
            {
                "letter": letter,
                "slug": letter.lower(),
                "count": counts.get(letter, 0),
                "has_entries": letter in counts,
                "current": letter == current,
            }
            for letter in [DIGITS_LETTER, *ALPHABET]
        ]

    def get_context(self, request, *args, current_letter=None, search_query=None, letter_page=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["alphabet"] = self.letter_bar(current_letter)
        context["current_letter"] = current_letter
        if search_query is not None:
            context["query"] = search_query
            context["results"] = search_entries(self.live_entries(), search_query) if search_query else []
            return context
        if letter_page is not None:
            context.update(listing.letter_page_context(request, self, current_letter, letter_page))
        else:
            context.update(listing.index_page_context(request, self))
        return context

    def get_sitemap_urls(self, request=None):
        """The index, then every page of every letter: crawlers reach each entry within two links."""
        urls = super().get_sitemap_urls(request)
        letters = self.live_entries().order_by().values_list("letter").annotate(Count("pk"), Max("last_published_at"))
        for letter, count, updated in sorted(letters):
            path = listing.letter_path(request, self, letter)
            pages = max(1, -(-count // settings.GLOSSARY_LETTER_PAGE_SIZE))
            urls += [
                {"location": request.build_absolute_uri(listing.page_url(path, number)), "lastmod": updated}
                for number in range(1, pages + 1)
            ]
        return urls

    @path("")
    def index_view(self, request):
        return self.render(request)

    @re_path(r"^lettre/(?P<letter_slug>[a-z]|0-9)/$", name="letter")
    def letter_view(self, request, letter_slug):
        letter = letter_slug.upper()
        letter_page = listing.letter_page(self, letter, request.GET.get("page", 1))
        return self.render(
            request, template="glossary/glossary_letter_page.html", current_letter=letter, letter_page=letter_page
        )

    @path("recherche/", name="search")
    def search_view(self, request):
        query = visitor_query(request.GET.get("q", ""))
        response = self.render(request, template="glossary/glossary_search_page.html", search_query=query)
        if query and not response.context_data["results"]:
            GlossarySearchMiss.record(query)
        return response

    @path("suggestions/", name="suggestions")
    def suggestions_view(self, request):
        query = visitor_query(request.GET.get("q", ""))
        results = search_entries(self.live_entries(), query, limit=8) if len(query) >= 2 else []
        return JsonResponse(
            {
                "query": query,
                "suggestions": [
                    {"term": entry.title, "url": entry.get_url(request), "definition": entry.short_definition}
                    for entry in results
                ],
            },
            json_dumps_params={"ensure_ascii": False},
        )


def public_page_q(path="path"):
    """Pages outside any view restriction, as PageQuerySet.public() but inside the query: no query of its own."""
    restricting = PageViewRestriction.objects.annotate(
        restricted_path=ExpressionWrapper(OuterRef(path), output_field=models.CharField())
    ).filter(restricted_path__startswith=F("page__path"))
    return ~Exists(restricting)


def refresh_planner_statistics():
    """After thousands of entries written at once, let PostgreSQL's planner know the tables' new sizes now.

    Until autovacuum analyzes them (up to a minute later), the planner takes the page table for the few rows it had
    and checks view restrictions (public_page_q) by scanning it once per entry: at 10,000 entries, 6 s per listing.
    """
    if connection.vendor == "postgresql":
        tables = (Page._meta.db_table, GlossaryEntryPage._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(connection.ops.quote_name(table) for table in tables)}")


def in_french_order(entries):
    """Entries in the A–Z's French order, by the stored sort key compared character by character."""
    # PostgreSQL's "C" collation compares code points as Python does; SQLite's default (BINARY) already does.
    sort_key = Collate("sort_key", "C") if connection.vendor == "postgresql" else F("sort_key")
    return entries.order_by(sort_key, "pk")


def distinct_lines(text, seen):
    """The non-empty lines of text, trimmed, without case-insensitive repeats of each other or of seen."""
    seen = set(seen)
    lines = []
    for line in (text or "").splitlines():
        line = line.strip()
        if line and line.casefold() not in seen:
            seen.add(line.casefold())
            lines.append(line)
    return lines


class GlossaryEntryPage(AutoLinkedPage, BasePage):
    short_definition = models.TextField(
        _("définition courte"),
        max_length=400,
        help_text=_("Une ou deux phrases : reprises dans la liste du glossaire, les aperçus et la méta-description."),
    )
    synonyms = models.TextField(
        _("autres noms"),
        blank=True,
        help_text=_(
            "Les vrais autres noms du terme, abréviations comprises, un par ligne, affichés sous « Autres noms » : "
            "par ex. « CM », « gestionnaire de communauté »."
        ),
    )
    search_variants = models.TextField(
        _("variantes pour la recherche"),
        blank=True,
        help_text=_(
            "Un par ligne : pluriels, graphies et mots voisins qui aident seulement à trouver le terme, par ex. "
            "« community managers », « growth hacker ». La recherche les trouve et les liens automatiques les "
            "reconnaissent ; ils ne sont jamais affichés comme autres noms."
        ),
    )
    category = models.ForeignKey(
        GlossaryCategory,
        verbose_name=_("catégorie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entries",
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("contenu"), blank=True)
    autolink_term = models.BooleanField(
        _("lier ce terme dans les autres pages"),
        default=True,
        help_text=_("Décocher pour que ce terme et ses synonymes ne deviennent jamais des liens automatiques."),
    )
    # Maintained on save, read by search on every database.
    letter = models.CharField(_("lettre"), max_length=3, default=DIGITS_LETTER, db_index=True, editable=False)
    search_terms = models.TextField(editable=False, default="")
    search_text = models.TextField(editable=False, default="")
    # collation_key(title) as one string, so the database pages a letter in French order (see in_french_order).
    sort_key = models.TextField(editable=False, default="")

    content_panels = [
        *Page.content_panels,
        FieldPanel("short_definition"),
        FieldPanel("synonyms"),
        FieldPanel("search_variants"),
        FieldPanel("category"),
        FieldPanel("body"),
        InlinePanel("related_entry_links", label=_("Termes associés"), heading=_("Termes associés")),
        InlinePanel(
            "service_links",
            label=_("Offres mises en avant"),
            heading=_("Offres mises en avant"),
            help_text=_("Les aperçus d’offres affichés sous l’article, dans cet ordre."),
        ),
    ]
    promote_panels = [
        *BasePage.promote_panels,
        MultiFieldPanel([FieldPanel("autolink_term"), FieldPanel("autolink_enabled")], heading=_("Liens automatiques")),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("short_definition"),
        index.SearchField("synonyms"),
        index.SearchField("search_variants"),
        index.SearchField("body"),
    ]

    parent_page_types = ["glossary.GlossaryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("entrée du glossaire")
        verbose_name_plural = _("entrées du glossaire")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.refresh_search_columns()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "letter", "sort_key", "search_terms", "search_text"}
        return super().save(*args, **kwargs)

    def refresh_search_columns(self):
        self.letter = initial_letter(self.title)
        self.sort_key = sort_key(self.title)
        self.search_terms = "|" + "|".join(normalise(term) for term in self.all_terms) + "|"
        self.search_text = normalise(" ".join([*self.all_terms, self.short_definition or ""]))

    @property
    def synonym_list(self):
        """The other names readers see, without repeats or the term itself."""
        return distinct_lines(self.synonyms, seen={self.title.casefold()})

    @property
    def search_variant_list(self):
        """Spellings that only help search and auto-linking, without repeats of the term or its other names."""
        return distinct_lines(self.search_variants, seen={term.casefold() for term in [self.title, *self.synonym_list]})

    @property
    def all_terms(self):
        """Every spelling search and auto-linking recognise: the term, its other names, its search variants."""
        return [self.title, *self.synonym_list, *self.search_variant_list]

    @property
    def meta_description(self):
        return self.search_description or self.short_definition

    @property
    def table_of_contents(self):
        """(level, text, anchor) for each heading of the body, in order."""
        # By name, so that the other blocks (images: a query) are not converted when the stored linked body is shown.
        return [
            (block.value["level"], block.value["text"], heading_anchor(block.value))
            for block in self.body.blocks_by_name("heading")
        ]

    def set_services(self, services):
        """The offers shown under the entry, in this order (stored: the database keeps no order of its own)."""
        self.service_links.set(
            [GlossaryEntryService(service=service, sort_order=position) for position, service in enumerate(services)]
        )

    def set_related_entries(self, entries):
        """The entries the editor associates with this one, in this order."""
        self.related_entry_links.set(
            [GlossaryRelatedEntry(related=entry, sort_order=position) for position, entry in enumerate(entries)]
        )

    @cached_property
    def featured_services(self):
        return [
            link.service
            # Editors set the order; pk keeps rows without one (older imports) in the order they were added.
            for link in self.service_links.select_related("service").order_by("sort_order", "pk")
            if link.service and link.service.live
        ]

    @cached_property
    def related_entries(self):
        """The public entries the editor listed, in their order, then the public entries that list this one.

        Association goes both ways: an editor who links "SEA" from "SEO" need not edit "SEA" too. Those others come
        in the A–Z's French order ("Écoute" before "Zèbre"), which no database collation gives everywhere.
        """
        # The editor's links as they stand, also in a preview (unsaved links, which the database cannot filter).
        chosen = [
            link.related_id
            for link in self.related_entry_links.order_by("sort_order", "pk")
            if link.related_id and link.related_id != self.pk
        ]
        shown = models.Q(pk__in=chosen)
        if self.pk:
            shown |= models.Q(related_entry_links__related=self.pk)
        # One query for both directions: live, outside any view restriction.
        pages = GlossaryEntryPage.objects.live().filter(public_page_q()).filter(shown).exclude(pk=self.pk)
        found = {page.pk: page for page in pages.order_by().distinct()}
        related = [found.pop(pk) for pk in dict.fromkeys(chosen) if pk in found]
        others = found.values()
        related += sorted(others, key=lambda entry: collation_key(entry.title))
        return related

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["linked_body"] = self.linked_body_html(request)
        context["structured_data"] = self.structured_data(request)
        return context

    def structured_data(self, request):
        index_page = self.breadcrumb_ancestors[-1] if self.breadcrumb_ancestors else self.get_parent()
        url = page_full_url(request, self)
        index_url = page_full_url(request, index_page)
        data = {
            "@context": "https://schema.org",
            "@type": "DefinedTerm",
            "@id": url + "#terme",
            "name": self.title,
            "description": self.short_definition,
            "url": url,
            "inDefinedTermSet": {
                "@type": "DefinedTermSet",
                "@id": index_url + "#glossaire",
                "name": index_page.title,
                "url": index_url,
            },
        }
        if self.synonym_list:
            data["alternateName"] = self.synonym_list
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        return data


class GlossaryRelatedEntry(Orderable):
    entry = ParentalKey(GlossaryEntryPage, on_delete=models.CASCADE, related_name="related_entry_links")
    related = models.ForeignKey(GlossaryEntryPage, verbose_name=_("entrée"), on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("related", page_type="glossary.GlossaryEntryPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("terme associé")
        verbose_name_plural = _("termes associés")


class GlossaryEntryService(Orderable):
    entry = ParentalKey(GlossaryEntryPage, on_delete=models.CASCADE, related_name="service_links")
    service = models.ForeignKey(
        "services.ServicePage", verbose_name=_("offre"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("service")]

    class Meta(Orderable.Meta):
        verbose_name = _("offre mise en avant")
        verbose_name_plural = _("offres mises en avant")


class GlossarySearchMiss(models.Model):
    """A search of the glossary that found nothing: what visitors look for and the glossary lacks."""

    # Written by visitors, shown on no public page: never empties the page cache.
    invalidates_page_cache = False

    normalised_query = models.CharField(_("recherche normalisée"), max_length=200, unique=True)
    query = models.CharField(_("recherche"), max_length=200)
    count = models.PositiveIntegerField(_("nombre de recherches"), default=1)
    last_searched_at = models.DateTimeField(_("dernière recherche"), auto_now=True)

    class Meta:
        verbose_name = _("recherche sans résultat")
        verbose_name_plural = _("recherches sans résultat")
        ordering = ["-count", "-last_searched_at"]

    def __str__(self):
        return self.query

    @classmethod
    def record(cls, query):
        """Count a search that found nothing, once per normalised wording; a new wording makes room for itself."""
        query = query[:QUERY_MAX_LENGTH]
        normalised_query = normalise(query)[:QUERY_MAX_LENGTH] or query.strip().lower()
        if not normalised_query:
            return None
        miss, created = cls.objects.get_or_create(normalised_query=normalised_query, defaults={"query": query})
        if created:
            cls.purge(keep=miss)
        else:
            cls.objects.filter(pk=miss.pk).update(count=F("count") + 1, query=query)
        return miss

    @classmethod
    def purge(cls, keep=None):
        """Forget wordings unseen for SEARCH_MISS_RETENTION, then the least searched past SEARCH_MISS_MAX_ROWS."""
        cls.objects.filter(last_searched_at__lt=timezone.now() - SEARCH_MISS_RETENTION).delete()
        kept = cls.objects.order_by("-count", "-last_searched_at", "-pk")
        if keep is not None:
            kept = kept.exclude(pk=keep.pk)
        excess = list(kept.values_list("pk", flat=True)[SEARCH_MISS_MAX_ROWS - 1 :])
        if excess:
            cls.objects.filter(pk__in=excess).delete()


# Missed searches are kept this long after their last occurrence, and at most this many (the least searched go).
SEARCH_MISS_RETENTION = timedelta(days=365)
SEARCH_MISS_MAX_ROWS = 5000


# A running import writes its progress at least once per entry: silent this long, its worker has died.
IMPORT_STALLED_AFTER = timedelta(minutes=10)


class GlossaryImport(models.Model):
    """An import of entries started from the admin: its parsed rows until it runs, its progress, then its report."""

    # Its progress shows only in the admin; the entries it writes empty the page cache themselves.
    invalidates_page_cache = False

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        RUNNING = "running", _("en cours")
        DONE = "done", _("terminé")
        FAILED = "failed", _("échoué")

    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.PENDING)
    dry_run = models.BooleanField(_("essai à blanc"), default=True)
    sources = models.CharField(_("fichiers"), max_length=500, blank=True)
    # Parsed in the request, so the background task never needs the upload's temporary files.
    rows = models.JSONField(_("lignes à importer"), default=list, blank=True)
    processed = models.PositiveIntegerField(_("lignes traitées"), default=0)
    total = models.PositiveIntegerField(_("lignes"), default=0)
    report = models.JSONField(_("compte rendu"), null=True, blank=True)
    failure = models.TextField(_("cause de l’échec"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lancé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("lancé le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    # Written with every change of state or progress (queryset updates set it themselves).
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("import du glossaire")
        verbose_name_plural = _("imports du glossaire")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.sources}"

    @property
    def finished(self):
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @classmethod
    def stalled_before(cls):
        """The time before which a running import's last progress means it was interrupted."""
        return timezone.now() - IMPORT_STALLED_AFTER

    @property
    def interrupted(self):
        """Waiting or running without news for IMPORT_STALLED_AFTER: its job was lost before a worker claimed it,
        or its worker stopped; nothing will resume it."""
        return self.status in {self.Status.PENDING, self.Status.RUNNING} and self.updated_at < self.stalled_before()

    @property
    def state_label(self):
        return _("interrompu") if self.interrupted else self.get_status_display()
