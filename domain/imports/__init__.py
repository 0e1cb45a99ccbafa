"""Importing the PMO's spreadsheets: the workbook format, reading its cells, and applying
its rows as commands (domain/services/imports.py)."""
