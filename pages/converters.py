"""Path converters for the dated archive's addresses (``/activities/2022/08/``)."""


class YearConverter:
    """Four digits, as an int."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{int(value):04d}"


class MonthConverter:
    """Two digits (``08``), as an int; ``reverse()`` pads a month given as 8."""

    regex = "[0-9]{2}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{int(value):02d}"
