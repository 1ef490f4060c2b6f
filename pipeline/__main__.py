"""``python -m pipeline``: the ``kehoach`` command line."""
from pipeline.cli import main

if __name__ == "__main__":
    main()
