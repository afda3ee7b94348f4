"""Every page type of the project's apps has a factory in its app's tests, and factories keep the tree sound."""

import importlib
from pathlib import Path

import pytest
import wagtail_factories
from django.apps import apps
from django.conf import settings
from wagtail.models import Page


def project_app_configs():
    base = Path(settings.BASE_DIR).resolve()
    return [config for config in apps.get_app_configs() if Path(config.path).resolve().parent == base]


def page_types(app_config):
    return {
        model
        for model in app_config.get_models()
        if issubclass(model, Page) and model is not Page and not model._meta.abstract
    }


def page_factories(app_config):
    """The page factories of the app's tests/factories.py, found by name: this app imports no other app."""
    try:
        module = importlib.import_module(f"{app_config.name}.tests.factories")
    except ModuleNotFoundError:
        return {}
    return {
        factory._meta.model: factory
        for factory in vars(module).values()
        if isinstance(factory, type)
        and issubclass(factory, wagtail_factories.PageFactory)
        and not factory._meta.abstract
        and factory.__module__ == module.__name__
    }


def test_every_page_type_has_a_factory_in_its_app():
    missing = {
        f"{model._meta.app_label}.{model.__name__}"
        for config in project_app_configs()
        for model in page_types(config) - set(page_factories(config))
    }
    assert project_app_configs() and not missing


@pytest.mark.django_db
def test_page_factories_publish_pages_only_where_their_type_may_go(home_page):
    factories = {
        model: factory for config in project_app_configs() for model, factory in page_factories(config).items()
    }
    pages = []
    for model, factory in factories.items():
        # A type allowed once per site is taken where an earlier factory added it as a default parent.
        existing = model.objects.first() if model.max_count == 1 else None
        page = existing or factory()
        assert page.live and page.last_published_at, model
        assert model.can_exist_under(page.get_parent()), model
        pages.append(page)
    for model, factory in factories.items():
        for parent in pages:
            if not model.can_exist_under(parent):
                with pytest.raises(ValueError, match="parent_page_types"):
                    factory(parent=parent)
