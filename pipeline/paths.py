"""Where the project's assets live, so no module hard-codes a relative path."""
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
MODELS_DIR = PROJECT_DIR / "models"
