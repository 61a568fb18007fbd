"""The pieces the `code` stage is made of: trigger patterns over the parse, participant spans, and the
learned classifier. `stages/code.py` combines them."""
