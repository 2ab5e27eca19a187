"""Generated temperature check reports: the national and regional documents as PDF, Word and HTML.

`inputs` reads a wave once; `assemble` (with `layout`, `figures`, `themes`) builds a format-neutral
`content.Document`; `render_html`, `render_pdf` and `render_docx` write it; `build` ties them together for the
`tempcheck_report` command, the download page and the benchmark. `narratives` saves the analysts' text.
"""
