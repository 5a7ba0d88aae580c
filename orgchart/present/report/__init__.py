"""The decision report: a restructure's report and appendix as HTML, Word or Markdown.

`data` builds what the report says from one or two structures (all figures
come from diff, metrics and reports); `charts` draws its appendix; `html`,
`markdown` and `docx` each lay the same data out in one format.
"""
