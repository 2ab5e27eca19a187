"""A region's pooled outcome report: its figures beside England's, council by council and over the years.

`inputs` reads the summary tables once; `protect` publishes the figures (msp.core.disclosure); `assemble`
builds a `msp.reports.documents.content.Document`, with `charts` drawn from the published figures, which the
temperature-check reports' renderers write as PDF, Word and HTML; `build` ties them together for the
`outcomes_report` command and the download.
"""
