"""MkDocs hooks that reportgen registers in every language build (see site.mkdocs_config)."""

from reportgen import render_cache
from reportgen.render.sanitize import sanitize


def on_page_content(html, page, config, files):
    return sanitize(html)


# The live preview's workers keep the last build's MkDocs objects, to render a page again alone
# (render_cache.render_page); in any other build these keep nothing.
def on_nav(nav, config, files):
    render_cache.keep(config=config, files=files, nav=nav)
    return nav


def on_env(env, config, files):
    render_cache.keep(env=env)
    return env


def on_post_build(config):
    render_cache.keep(complete=True)
