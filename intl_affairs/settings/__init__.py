"""Settings in layers: ``base`` (shared, from the environment), ``dev``, ``test``, ``production``."""
