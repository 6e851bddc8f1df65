"""Open data: what the office publishes for machines, outside the language prefixes.

==========================================  ==========================================================
``/open-data/partnerships.csv`` / ``.json``  every partnership of a published city
``/open-data/activities.csv`` / ``.json``    every published engagement and exhibition
``/calendar.ics`` (``?lang=en``)             exhibitions and upcoming public events, as all-day events
``/sitemap.xml``                             every public page, in both languages, with alternates
==========================================  ==========================================================

Only what the public pages show is published: records that are
:meth:`~core.models.PublishableQuerySet.published` (a draft or a record under embargo
never appears), cities linked to them only when published too, and no people: activities-level
fields only. Field names are stable; :mod:`opendata.records` documents them.
"""
