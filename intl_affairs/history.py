"""Change history of every record (django-simple-history), translated fields included.

django-modeltranslation adds the per-language columns (``name_zh_hant``, ``name_en`` ...) to a
model when the ``modeltranslation`` app is ready, after the model class was built. A
``HistoricalRecords()`` declared on the class copies the fields before that and so would miss
every translation; registering the models from each app's ``AppConfig.ready()`` (which runs after
``modeltranslation``'s, as it comes first in ``INSTALLED_APPS``) records all of them.
"""

from __future__ import annotations

import simple_history
from django.apps import AppConfig


def register_history(app_config: AppConfig) -> None:
    """Give every concrete model of ``app_config`` a ``history`` manager and a historical table.

    Many-to-many fields without an explicit through model (e.g. ``Engagement.topics``) are
    recorded too; explicit through models (``EngagementCity``) are models of the app and get
    their own history. Call it once, from ``AppConfig.ready()``; models that already have a
    history are left alone.
    """
    for model in list(app_config.get_models()):
        if hasattr(model._meta, "simple_history_manager_attribute"):
            continue
        m2m_fields = [
            field for field in model._meta.many_to_many
            if field.remote_field.through._meta.auto_created
        ]
        simple_history.register(model, app=app_config.label, m2m_fields=m2m_fields)
