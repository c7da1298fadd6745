"""The canvas file format: the pydantic models, upgrades of older files, refusals as
sentences, the example canvases, and the name of one change between two versions.
Named fileformat, not format, so it does not read as formatting.py (dates, numbers).
"""
