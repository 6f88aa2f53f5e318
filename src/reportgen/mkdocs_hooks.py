"""MkDocs hooks that reportgen registers in every language build (see site.mkdocs_config)."""

from reportgen.render.sanitize import sanitize


def on_page_content(html, page, config, files):
    return sanitize(html)
