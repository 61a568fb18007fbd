"""The article's journey, one module per step: ingest -> clean -> parse -> code.

Later stages (actors, places, dates, modality, dedup, store) plug in after `code`, each with one typed
input and output; until they exist, the fields they own stay null in the event records.
"""
