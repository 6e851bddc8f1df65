"""Path converters for the dated archive's addresses (``/activities/2022/08/``)."""


class YearConverter:
    """Four digits, as an int from 1 to 9999 (``0000`` is no year: the resolver answers 404)."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not 1 <= year <= 9999:
            raise ValueError(f"no year {value}")
        return year

    def to_url(self, value: int) -> str:
        return f"{int(value):04d}"


class MonthConverter:
    """Two digits (``08``), as an int from 1 to 12 (``00`` and ``13`` are a 404); ``reverse()``
    pads a month given as 8."""

    regex = "[0-9]{2}"

    def to_python(self, value: str) -> int:
        month = int(value)
        if not 1 <= month <= 12:
            raise ValueError(f"no month {value}")
        return month

    def to_url(self, value: int) -> str:
        return f"{int(value):02d}"


class ShortMonthConverter(MonthConverter):
    """One digit (``9``), as an int from 1 to 9: a month typed without its leading zero, which
    :func:`pages.views.archive_month_redirect` sends to the two-digit address."""

    regex = "[1-9]"

    def to_url(self, value: int) -> str:
        return str(int(value))
