"""`check` on the images a Markdown text shows (graph._check_image_file): a picture of the content folder
must exist and be in a format browsers show; a remote or outside one is another code's."""

from __future__ import annotations

from helpers import checked, messages

SECTION = """\
parts: []
sections:
  - id: S1
    number: "1"
    title: {en: "One"}
    narrative: {en: S1.en.md}
"""


def _problems(tmp_path, text: str, pictures: tuple[str, ...] = ()) -> list[str]:
    content = tmp_path / "content"
    for picture in pictures:
        (content / picture).parent.mkdir(parents=True, exist_ok=True)
        (content / picture).write_bytes(b"\x89PNG\r\n\x1a\n")
    (content / "findings").mkdir(parents=True, exist_ok=True)
    (content / "findings" / "S1.en.md").write_text(text, encoding="utf-8")
    result = checked(tmp_path, {"findings/S1.yaml": SECTION}, "languages: [en]\n")
    return [m for m in messages(result, "error") if "image" in m]


def test_a_picture_of_the_content_folder_checks(tmp_path):
    assert _problems(tmp_path, "![Map](../figures/map.png)\n\n![Photo](photo.JPG)\n",
                     ("figures/map.png", "findings/photo.JPG")) == []


def test_a_missing_picture_is_an_error_with_its_line(tmp_path):
    [problem] = _problems(tmp_path, "Text.\n\n![Map](../figures/mpa.png)\n", ("figures/map.png",))
    assert "content/findings/S1.en.md:3" in problem and "no file content/figures/mpa.png" in problem
    assert "markdown.image_file" in problem


def test_a_picture_browsers_do_not_show_is_an_error(tmp_path):
    [problem] = _problems(tmp_path, "![Chart](../figures/chart.emf)\n", ("figures/chart.emf",))
    assert "is not a picture browsers show" in problem and "PNG, JPEG, GIF or SVG" in problem


def test_remote_and_outside_pictures_are_left_to_their_own_codes(tmp_path):
    problems = _problems(tmp_path, "![a](https://x.org/a.png)\n\n![b](../../b.png)\n")
    assert len(problems) == 2 and not [p for p in problems if "markdown.image_file" in p]
