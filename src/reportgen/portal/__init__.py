"""An evaluation office's portal: many evaluations, their recommendations, lessons and follow-up, one search.

The portal sits above single-evaluation building: it builds each evaluation (via
`reportgen.project`) into a self-contained artifact, or takes artifacts built
elsewhere, and assembles plain HTML pages, exports and a Pagefind index on top.
Nothing below this package imports it.
"""
