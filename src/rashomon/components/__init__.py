"""spaCy pipeline components. Factories are registered in `factories.py`."""
