"""Where the project's assets live, so no module hard-codes a relative path.

models/ is package data: in a checkout `pipeline/models` links to the top-level models/ folder,
in an installed wheel it is a real folder inside the package.
"""
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
MODELS_DIR = PACKAGE_DIR / "models"
