"""The output folder: what `--out` may name, one build at a time, staging folders, the marker.

A build replaces its output folder wholesale, so reportgen must never be pointed at a
folder it did not make: every output carries a marker file, and a folder that holds
the project's sources (or sits inside them) is refused before anything is read.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from typing import Iterator, Protocol, Sequence
from pathlib import Path

from .errors import BuildError

MARKER = ".reportgen-site"
MARKER_TEXT = b"This folder is a site written by reportgen; every build replaces all of it.\n"
# Sites written before the marker existed: accepted when they look like one of ours.
LEGACY_SITE_FILES = ("search/search_index.json", "sitemap.xml")


class OutputRefused(Exception):
    """`--out` names a folder reportgen must not replace (a usage error: exit 2)."""


class OutputBusy(BuildError):
    """Another build holds the output folder's lock."""


class ProjectFolders(Protocol):
    """What check_output reads of a project (project.Project, a layer above)."""

    @property
    def root(self) -> Path: ...

    @property
    def content_dir(self) -> Path: ...

    @property
    def template_dirs(self) -> Sequence[Path]: ...


def check_output(out: Path, project: ProjectFolders) -> Path:
    """The resolved output folder, or OutputRefused saying why it must not be replaced."""
    out = Path(out).resolve()
    sources = {"the project folder": project.root}
    for name, folder in (("the content folder", project.content_dir),
                         ("the templates folder", project.root / "templates"),
                         *(("a templates folder", d) for d in project.template_dirs)):
        sources.setdefault(name, folder)
        if out == folder or folder in out.parents:
            raise OutputRefused(f"--out {out} is {name} or inside it ({folder}); the build would replace it")
    for name, folder in sources.items():
        if out == folder or out in folder.parents:
            raise OutputRefused(f"--out {out} holds {name} ({folder}); the build would replace it")
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"--out {out} is a file, not a folder")
    if out.is_dir() and not is_reportgen_output(out):
        raise OutputRefused(f"--out {out} is a folder reportgen did not write (no {MARKER} file in it) and it is "
                            "not empty; name a new or empty folder (a build replaces everything in it)")
    return out


PROJECT_FILE = "reportgen.yml"


def new_folder_refusal(target: Path, own_project: Path | None = None, content_dir: Path | None = None) -> str | None:
    """Why `target` must not receive a new project or schemas (`new`, `import --out`, `schema --out`),
    or None. Refused: an existing file, a path under a file, a folder inside a project other than
    `own_project` (a folder above holds reportgen.yml: the files would be read as that project's, or
    break its check), and the content folder of `own_project`."""
    resolved = Path(target).resolve()
    if resolved.exists() and not resolved.is_dir():
        return f"{target} is a file, not a folder"
    above_file = next((p for p in resolved.parents if p.exists() and not p.is_dir()), None)
    if above_file is not None:
        return f"{target} is under {above_file}, which is a file: a folder cannot be made there"
    if content_dir is not None and resolved.is_relative_to(content_dir.resolve()):
        return f"{target} is inside the content folder ({content_dir}): its files would be read as content"
    for folder in resolved.parents:
        if own_project is not None and folder == Path(own_project).resolve():
            break  # inside its own project (schemas/): the projects above it are not its business
        if (folder / PROJECT_FILE).is_file():
            inside = "inside the content folder of" if resolved.is_relative_to(folder / "content") else "inside"
            return (f"{target} is {inside} the project {folder} (it holds {PROJECT_FILE}): its files would be read "
                    "as that project's; choose a folder outside it")
    return None


def is_reportgen_output(folder: Path) -> bool:
    if (folder / MARKER).is_file() or not any(folder.iterdir()):
        return True
    return all((folder / name).is_file() for name in LEGACY_SITE_FILES)


def write_marker(site: Path) -> None:
    (site / MARKER).write_bytes(MARKER_TEXT)


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


@contextmanager
def output_lock(out: Path, background: bool = False) -> Iterator[None]:
    """Hold the output folder's lock for the whole build; a second build stops at once.

    A POSIX record lock (lockf), not flock: an flock is shared with every process forked
    while it is held, so the preview's long-lived build workers would keep it forever.
    `background`: the folders a killed build left are removed by a detached process
    (remove_stale_staging), not while the caller waits.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path(out), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            raise OutputBusy(f"another build is writing {out} (pid {holder}); wait for it to finish") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        remove_stale_staging(out, background)
        yield
    finally:
        os.close(fd)  # closing releases the lock; the file stays (deleting it would race)


def _staging_prefixes(out: Path) -> tuple[str, ...]:
    """The names of the staging and old folders beside `out` (`.site.building-*`, `.site.old-*`; not
    those of an output named `site.old`)."""
    return (f".{out.name}.building-", f".{out.name}.old-")


def remove_stale_staging(out: Path, background: bool = False) -> list[subprocess.Popen[bytes]]:
    """Staging and old folders left by a build that was killed, or an old tree a detached removal
    has not finished yet (only called under the lock). `background`: each is renamed to an old
    folder of its own and removed by a detached process (remove_in_background); the processes are
    returned."""
    removals = []
    for child in sorted(out.parent.iterdir()):
        if child.name.startswith(_staging_prefixes(out)) and child.is_dir() and not child.is_symlink():
            if not background:
                shutil.rmtree(child, ignore_errors=True)
                continue
            removals.append(remove_in_background(child, out) if child.name.startswith(_staging_prefixes(out)[1])
                            else discard(child, out))  # one still being removed: removed twice, harmless
    return [removal for removal in removals if removal is not None]


def _old_folder(out: Path) -> Path:
    """A fresh `.NAME.old-PID-*` folder beside `out` (same file system: moving into it is a rename)."""
    return Path(tempfile.mkdtemp(prefix=f"{_staging_prefixes(out)[1]}{os.getpid()}-", dir=out.parent))


def _aside(folder: Path, out: Path) -> Path:
    """`folder` moved into a fresh old folder, which is returned."""
    old = _old_folder(out)
    folder.rename(old / "site")
    return old


# The detached removal: only a folder beside the output named like an old one, never followed
# through a symbolic link (shutil.rmtree does not follow them inside either).
_REMOVER = """
import os, shutil, stat, sys
folder, prefix = sys.argv[1:3]
try:
    os.nice(19)
except OSError:
    pass
try:
    info = os.lstat(folder)
except FileNotFoundError:  # removed meanwhile by another removal
    sys.exit(0)
if os.path.basename(folder).startswith(prefix) and stat.S_ISDIR(info.st_mode):
    shutil.rmtree(folder, ignore_errors=True)
"""


def remove_in_background(old: Path, out: Path) -> subprocess.Popen[bytes] | None:
    """Remove the old folder `old` (beside `out`, named `.NAME.old-*`) in a detached process that
    outlives this one: a large previous tree (a portal's tens of thousands of files) is not removed
    while the user waits. The process is returned (tests wait for it); None when it could not be
    started, and then the folder is removed here. A removal that is killed leaves the folder, which
    the next build under the lock hands to a new removal (remove_stale_staging)."""
    prefix = _staging_prefixes(out)[1]
    if old.parent != out.parent or not old.name.startswith(prefix) or old.is_symlink():
        raise ValueError(f"{old} is not an old folder of {out}")  # a programming error: never reached by input
    try:
        return subprocess.Popen([sys.executable, "-c", _REMOVER, str(old), prefix], stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                                close_fds=True)
    except OSError:
        shutil.rmtree(old, ignore_errors=True)
        return None


def new_staging(out: Path) -> Path:
    """A fresh folder beside `out` (same file system, so the swap is a rename)."""
    return Path(tempfile.mkdtemp(prefix=_staging_prefixes(out)[0], dir=out.parent))


def swap_into_place(staging: Path, out: Path, background: bool = False,
                    keep_as: Path | None = None) -> subprocess.Popen[bytes] | None:
    """Replace `out` by `staging`: a reader never sees half a site.

    On Linux the two folders are exchanged in one step (renameat2 RENAME_EXCHANGE), so there is no
    moment without `out` and a build killed at any point leaves the previous site in place. Elsewhere
    (or on a file system without the exchange) two renames: killed between them, the previous site
    is left in a `.NAME.old-*` folder beside it.

    The previous site is then renamed to `keep_as` if given and free (the portal keeps it as the
    spare its next build starts from), or removed: here, or with `background` moved to a
    `.NAME.old-PID-*` folder and removed by a detached process (remove_in_background, returned), so
    that the caller does not wait for it; `out` itself is never handed to the removal."""
    if not out.exists():
        staging.rename(out)
        return None
    if _exchange(staging, out):
        previous, old = staging, None  # staging is now the previous site
    else:
        old = _old_folder(out)
        out.rename(old / "site")
        staging.rename(out)
        previous = old / "site"
    if keep_as is not None and not os.path.lexists(keep_as):
        try:
            previous.rename(keep_as)
        except OSError:
            pass
    if old is None and not previous.exists():
        return None
    if old is None:
        old = _aside(previous, out) if background else previous
    if background:
        return remove_in_background(old, out)
    shutil.rmtree(old, ignore_errors=True)
    return None


def discard(folder: Path, out: Path) -> subprocess.Popen[bytes] | None:
    """A staging folder beside `out` that will not be swapped in, removed by a detached process."""
    if not folder.exists():
        return None
    return remove_in_background(_aside(folder, out), out)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 with RENAME_EXCHANGE); False where it is not offered."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    return False
