"""reportgen.content.markdown: link targets and texts Markdown would render too slowly."""

from __future__ import annotations

from reportgen.content.markdown import Target, bracket_overload, link_targets


def test_link_targets_as_python_markdown_reads_them():
    body = ("[a](../x.png) ![i](/abs.png)\n![r](https://t.example/p.gif) [f](file:///etc/passwd)\n"
            "[w](https://www.ilo.org)\n\n[ref]: ../y\n![im][ref]\n")
    assert link_targets(body) == [
        Target("../x.png", False, 0), Target("/abs.png", True, 0), Target("https://t.example/p.gif", True, 1),
        Target("file:///etc/passwd", False, 1), Target("https://www.ilo.org", False, 2), Target("../y", True, 4)]
    assert link_targets("no links [[R1]] here") == []


def test_bracket_overload_counts_nested_and_unclosed_brackets_per_paragraph():
    assert bracket_overload("intro\n\n" + "[" * 20_000) == (2, 20_000)
    assert bracket_overload("[" * 1000 + "]" * 1000) == (0, 999)
    assert bracket_overload("[a] " * 5000) is None          # many closed pairs are fast
    assert bracket_overload(("[[x]] " * 150 + "\n\n") * 3) is None


def test_local_images_are_read_from_the_text_s_folder_and_pointed_at_their_copy():
    from reportgen.content.markdown import local_image, local_images, with_image_paths

    origin = "content/findings/S3.en.md"
    body = ("![Map](../figures/map.png) ![Photo](photo.JPG \"a title\") ![Out](../../x.png) ![Web](https://a.org/b.png) "
            "![Doc](../figures/data.xlsx) [a link](../figures/map.png)")
    assert local_images(body, origin) == ["figures/map.png", "findings/photo.JPG"]
    assert local_image("/etc/x.png", origin) is None and local_image("file:///x.png", origin) is None
    written = with_image_paths(body, origin, lambda path: f"../../_media/{path}")
    assert written.startswith('![Map](../../_media/figures/map.png) ![Photo](../../_media/findings/photo.JPG "a title") '
                              "![Out](../../x.png) ![Web](https://a.org/b.png) ![Doc](../figures/data.xlsx) "
                              "[a link](../figures/map.png)")
