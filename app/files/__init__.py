"""The files the app writes: sessions (session.py), the autosave (autosave.py), trajectory data (data.py), and
the atomic writing they all use (physics/files.py, which the engines' generated code shares): write to a
temporary file beside the target, then os.replace it.
"""

from physics.files import TEMP_PREFIX, atomic_path, clean_stray_temporaries, write_bytes_atomic, write_text_atomic

__all__ = ["TEMP_PREFIX", "atomic_path", "clean_stray_temporaries", "write_bytes_atomic", "write_text_atomic"]
