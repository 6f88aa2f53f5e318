"""Change a few objects of a large PDF without rewriting it: an incremental update (PDF 1.7, 7.5.6).

Chromium's PDF of the bundled report holds about 16,000 objects (most of them the tagged
structure); re-serialising all of them with pypdf costs about two seconds, and the PDF step
changes only a few dozen: the contents pages (spliced in from a second, short print), the
bookmark titles and the document information. So the changed and the new objects are appended
after the file's end with a cross-reference section of their own, which every reader applies over
the original (`/Prev`).
"""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.generic import (ArrayObject, DictionaryObject, IndirectObject, NameObject, NullObject, NumberObject,
                           PdfObject, StreamObject)


class Patch:
    """The objects to write over (or beside) those of `data`, a PDF with a classic cross-reference table."""

    def __init__(self, data: bytes, reader: PdfReader | None = None):
        self.data = data
        self.reader = reader or PdfReader(io.BytesIO(data))
        self.size = int(str(self.reader.trailer["/Size"]))
        self.objects: dict[int, PdfObject] = {}
        self._imported: dict[tuple[int, int], IndirectObject] = {}
        self._targets: dict[int, PdfReader] = {}

    def replace(self, ref: IndirectObject, obj: PdfObject) -> None:
        """Write `obj` as object `ref` (generation 0, as Chromium writes every object)."""
        self.objects[ref.idnum] = obj

    def add(self, obj: PdfObject) -> IndirectObject:
        ref = IndirectObject(self.size, 0, self.reader)
        self.size += 1
        self.objects[ref.idnum] = obj
        return ref

    def import_object(self, source: PdfReader, obj: PdfObject) -> PdfObject:
        """A copy of `obj` of another PDF (`source`), every object it refers to copied in as new objects."""
        if isinstance(obj, IndirectObject):
            key = (id(source), obj.idnum)
            if key not in self._imported:
                ref = IndirectObject(self.size, 0, self.reader)
                self.size += 1
                self._imported[key] = ref
                target = obj.get_object()
                self.objects[ref.idnum] = self.import_object(source, target) if target is not None else NullObject()
            return self._imported[key]
        if isinstance(obj, StreamObject):
            copy = StreamObject()
            for key, value in obj.items():
                copy[NameObject(key)] = self.import_object(source, value)
            copy._data = obj._data  # the encoded bytes, as they are (filters unchanged)
            return copy
        if isinstance(obj, DictionaryObject):
            copied = DictionaryObject()
            for key, value in obj.items():
                copied[NameObject(key)] = self.import_object(source, value)
            return copied
        if isinstance(obj, ArrayObject):
            return ArrayObject(self.import_object(source, value) for value in obj)
        return obj

    def write(self, info: DictionaryObject | None = None) -> bytes:
        """The original bytes followed by the update. `info`: the document information dictionary."""
        trailer = self.reader.trailer
        info_ref = trailer.raw_get("/Info") if "/Info" in trailer else None
        if info is not None:
            if isinstance(info_ref, IndirectObject):
                self.replace(info_ref, info)
            else:
                info_ref = self.add(info)
        out = io.BytesIO()
        out.write(self.data)
        if not self.data.endswith(b"\n"):
            out.write(b"\n")
        offsets = {}
        for number in sorted(self.objects):
            offsets[number] = out.tell()
            out.write(b"%d 0 obj\n" % number)
            self.objects[number].write_to_stream(out)
            out.write(b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n")
        numbers = sorted(offsets)
        start = 0
        while start < len(numbers):  # one subsection per run of consecutive numbers
            end = start
            while end + 1 < len(numbers) and numbers[end + 1] == numbers[end] + 1:
                end += 1
            out.write(b"%d %d\n" % (numbers[start], end - start + 1))
            for number in numbers[start:end + 1]:
                out.write(b"%010d 00000 n \n" % offsets[number])
            start = end + 1
        new_trailer = DictionaryObject({NameObject("/Size"): NumberObject(self.size),
                                        NameObject("/Root"): trailer.raw_get("/Root"),
                                        NameObject("/Prev"): NumberObject(_last_xref(self.data))})
        if info_ref is not None:
            new_trailer[NameObject("/Info")] = info_ref
        out.write(b"trailer\n")
        new_trailer.write_to_stream(out)
        out.write(b"\nstartxref\n%d\n%%%%EOF\n" % xref)
        return out.getvalue()


def _last_xref(data: bytes) -> int:
    tail = data[-1024:]
    at = tail.rindex(b"startxref")
    return int(tail[at + len(b"startxref"):].split()[0])
