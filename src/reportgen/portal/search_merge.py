"""The merge of the search index's cached parts into the portal's bundle (pagefind_merge), and its child
process (`python -m reportgen.portal.search_merge JOB`, Merge.run): a module of its own so that the child,
on the critical path of an assembly after one change, imports only the merge (0.03 s) and not the search
index's pages, the interface texts and the content models (0.33 s)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError
from . import pagefind_merge


class UnreadableParts(Exception):
    """Cached parts of the search index that cannot be read: (language, slug) each."""

    def __init__(self, parts: list[tuple[str, str]]) -> None:
        super().__init__(f"{len(parts)} unreadable part(s)")
        self.parts = parts


UNREADABLE_EXIT = 3  # the merge's child process: some cached parts cannot be read (listed on its stdout)


@dataclass
class Merge:
    """The parts a bundle is merged from: (language, slug) -> the name of its part in the cache."""
    cache: Path
    parts: dict[tuple[str, str], str]
    target: Path

    def part_file(self, where: tuple[str, str]) -> Path:
        return self.cache / pagefind_merge.PARTS / f"{self.parts[where]}.part"

    def fragments(self, where: tuple[str, str]) -> Path:
        return self.cache / pagefind_merge.FRAGMENTS / self.parts[where]

    def run(self, made: Path | None) -> None:
        """`finish` in a child process (python -m reportgen.portal.pagefind_merge --merge JOB)."""
        job = self.cache / f".merge.{os.getpid()}.json"
        job.write_text(json.dumps({"cache": str(self.cache), "target": str(self.target),
                                   "made": str(made) if made is not None else None,
                                   "parts": [[lang, slug, name] for (lang, slug), name in sorted(self.parts.items())]}),
                       encoding="utf-8")
        try:
            done = subprocess.run([sys.executable, "-m", "reportgen.portal.search_merge", str(job)],
                                  stdin=subprocess.DEVNULL, capture_output=True, text=True)
        finally:
            job.unlink(missing_ok=True)
            if made is not None:
                shutil.rmtree(made, ignore_errors=True)
        if done.returncode == UNREADABLE_EXIT:
            raise UnreadableParts([(lang, slug) for lang, slug in json.loads(done.stdout)["unreadable"]])
        if done.returncode != 0:
            lines = [line for line in done.stderr.splitlines() if line.strip()]
            raise BuildError(f"merging the search index's parts in {self.cache} failed: "
                             f"{lines[-1] if lines else done.returncode}; remove that folder and build again")

    def finish(self, made: Path | None) -> None:
        """The parts Pagefind made (in `made`) kept; the portal's bundle written from every part."""
        loaded: dict[tuple[str, str], pagefind_merge.Part] = {}
        if made is not None:
            try:
                loaded = pagefind_merge.keep_parts(made, self.cache, self.parts)
            finally:
                shutil.rmtree(made, ignore_errors=True)
            self.prune()
        languages = sorted({lang for lang, _ in self.parts})
        unreadable: list[tuple[str, str]] = []

        def parts_of(lang: str) -> list[tuple[Path, pagefind_merge.Part]]:
            """One language's parts at a time (the merge holds one language's, not the library's). A part
            that cannot be read, or whose fragments are not all there, is left out and listed: the
            bundle is then not kept (UnreadableParts), they are indexed again."""
            found = []
            for where in sorted(where for where in self.parts if where[0] == lang):
                part = loaded.pop(where, None) or pagefind_merge.read_part(self.part_file(where))
                fragments = self.fragments(where)
                if part is None or not all((fragments / f"{page[0]}.pf_fragment").is_file() for page in part.pages):
                    unreadable.append(where)
                    continue
                found.append((fragments, part))
            return found

        pagefind_merge.merge_bundle(languages, parts_of, self.cache, self.target)
        if unreadable:
            raise UnreadableParts(unreadable)

    def split_later(self, bundle: Path) -> subprocess.Popen[bytes] | None:
        """The parts of a bundle Pagefind made whole (`bundle`, finished), made by a detached process
        from a linked copy of it: the next assembly after one change merges them."""
        copy = self.cache / f".made.{os.getpid()}"
        try:
            shutil.rmtree(copy, ignore_errors=True)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(bundle, copy, copy_function=pagefind_merge.link_or_copy)
            wanted = self.cache / f".wanted.{os.getpid()}.json"
            wanted.write_text(json.dumps({f"{lang}/{slug}": name for (lang, slug), name in self.parts.items()}),
                              encoding="utf-8")
            return subprocess.Popen([sys.executable, "-m", "reportgen.portal.pagefind_merge", str(copy),
                                     str(self.cache), str(wanted)], stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                                    close_fds=True)
        except OSError:  # no parts this time: the next assembly indexes the records whole again
            shutil.rmtree(copy, ignore_errors=True)
            return None

    def prune(self) -> None:
        """Parts (and their fragments) of no (language, evaluation) of this assembly removed."""
        wanted = set(self.parts.values())
        for folder, suffix in ((pagefind_merge.PARTS, ".part"), (pagefind_merge.FRAGMENTS, "")):
            for path in (self.cache / folder).glob("*"):
                if path.name.endswith(suffix) and path.name[:len(path.name) - len(suffix)] not in wanted:
                    shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)


def _merge_job(job: Path) -> None:
    """The child process of Merge.run."""
    data = json.loads(job.read_text(encoding="utf-8"))
    merge = Merge(Path(data["cache"]), {(lang, slug): name for lang, slug, name in data["parts"]}, Path(data["target"]))
    try:
        merge.finish(Path(data["made"]) if data["made"] else None)
    except UnreadableParts as exc:
        print(json.dumps({"unreadable": exc.parts}))
        sys.exit(UNREADABLE_EXIT)


if __name__ == "__main__":
    _merge_job(Path(sys.argv[1]))
