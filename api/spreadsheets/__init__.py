"""Workbooks Jalon writes: the import template and the exports (openpyxl)."""
