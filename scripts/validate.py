#!/usr/bin/env python3
"""Validate links and structure: python scripts/validate.py [ROOT] [--format text|json|github]."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from digitaltforst.validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
