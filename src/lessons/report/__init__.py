"""Writing tables for people: every cell that came from an input goes through
:mod:`lessons.report.safe_cells` before it reaches a CSV or a workbook."""
