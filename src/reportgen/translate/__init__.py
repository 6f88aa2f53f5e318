"""The translators' round trip: project texts out to PO/XLIFF and translations back in.

    units       every text of the project, in the original language, with its translation
    paragraphs  Markdown files cut into blocks (one translation unit per paragraph)
    sidecar     the original's fingerprint kept with each translation (fuzzy detection)
    catalog     PO and XLIFF files (translate-toolkit), read and written
    yamledit    line-precise edits of YAML scalars (everything else byte-for-byte unchanged)
    writeback   `translate import`: check a catalog whole, then write YAML and Markdown
    status      translated / fuzzy / missing per language and item type
    commands    the three CLI commands

Sits beside the CLI: it reads content files (reportgen.content) and writes them back; nothing
below it imports it.
"""
