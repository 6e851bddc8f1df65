"""Assertions about what the database itself refuses."""

import pytest
from django.db import IntegrityError


def refused(**kwargs):
    """Context: the statement inside must be refused by the database (``IntegrityError``);
    ``kwargs`` go to :func:`pytest.raises` (``match=...``)."""
    return pytest.raises(IntegrityError, **kwargs)
