"""The generated blocks a narrative may embed with a line `[[table:NAME]]` or `[[chart:NAME]]`."""

EMBEDS = frozenset({
    "table:midterm-recommendations",
    "table:budget-extensions",
    "table:outcome-indicators",
    "chart:budget-components",
    "chart:outcome-indicators",
})
