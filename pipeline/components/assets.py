"""Components whose assets are a few small files: kept as bytes, so a saved pipeline carries them.

`initialize` reads the files from models/ (paths given by the config's [initialize] block),
`to_disk` writes them into the pipeline directory, `from_disk` reads them back; each time the
component rebuilds what it compiles from them in `_build`.
"""
from __future__ import annotations

from pathlib import Path


class FileAssets:
    asset_files: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def load_files(self, sources: dict[str, Path | str]) -> None:
        """`sources`: asset name -> file to read it from."""
        missing = [name for name in self.asset_files if name not in sources]
        if missing:
            raise ValueError(f"{type(self).__name__}: no source given for {', '.join(missing)}")
        self.files = {name: Path(sources[name]).read_bytes() for name in self.asset_files}
        self._build()

    def text(self, name: str) -> str:
        return self.files[name].decode("utf-8")

    def to_disk(self, path, *, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name, data in self.files.items():
            (path / name).write_bytes(data)

    def from_disk(self, path, *, exclude=()):
        self.load_files({name: Path(path) / name for name in self.asset_files})
        return self

    def require_ready(self, component: str) -> None:
        if not self.files:
            raise RuntimeError(f"{component} has no assets: build the pipeline with pipeline.nlp.build_nlp() "
                               f"or load a saved one with spacy.load(DIR) (`press-events model save DIR`).")

    def _build(self) -> None:  # compile what the files hold
        pass
